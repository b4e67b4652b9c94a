// The outcome of checking one Authorization / Proxy-Authorization header against the store.
#pragma once

#include <string>
#include <string_view>

#include "digest/credentials.h"

namespace digest {

enum class Verdict { Valid, Invalid, Unverifiable };

// "valid", "invalid", "unverifiable": the exact strings of the sipdigest.verdict field.
std::string_view verdict_name(Verdict verdict);

struct CredentialCheck {
    Verdict verdict = Verdict::Unverifiable;
    std::string reason;    // human text; never contains a password
    std::string username;  // as sent, or the user it stands for when userhash=true
    std::string realm;
    std::string algorithm;  // as sent; "MD5" when absent
    std::string qop;        // as sent; empty when absent
    std::string nonce;
    std::string response;  // as sent, lowercase
    std::string cnonce;    // as sent
    std::string nc;        // as sent
    std::string uri;       // as sent
    bool has_opaque = false;
    std::string opaque;
    std::string expected_response;  // only when credentials are known
    std::string hashed_method;      // the method the response verifies with (INVITE for a repeating
                                    // ACK/CANCEL); the request's own otherwise
    bool well_formed = false;       // every parameter needed to recompute the response is usable
};

// Checks the value of one credentials header sent with a request of `method` whose body is
// `body` (for qop=auth-int).
CredentialCheck check_credentials(std::string_view header_value, std::string_view method,
                                  std::string_view body, const CredentialStore& store);

}  // namespace digest
