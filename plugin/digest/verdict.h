// The outcome of checking one Authorization / Proxy-Authorization header against the store.
#pragma once

#include <string>
#include <string_view>

#include "digest/credentials.h"
#include "digest/text_store.h"

namespace digest {

enum class Verdict { Valid, Invalid, Unverifiable };

// "valid", "invalid", "unverifiable": the exact strings of the sipdigest.verdict field.
std::string_view verdict_name(Verdict verdict);

// Text: std::string while the check is made, KeptText once the tracker stores it.
template <typename Text>
struct BasicCredentialCheck {
    Verdict verdict = Verdict::Unverifiable;
    Text reason;    // human text; never contains a password
    Text username;  // as sent, or the user it stands for when userhash=true
    Text realm;
    Text algorithm;  // as sent; "MD5" when absent
    Text qop;        // as sent; empty when absent
    Text nonce;
    Text response;  // as sent, lowercase
    Text cnonce;    // as sent
    Text nc;        // as sent
    Text uri;       // as sent
    bool has_opaque = false;
    Text opaque;
    Text expected_response;    // only when credentials are known
    Text hashed_method;        // the method the response verifies with (INVITE for a repeating
                               // ACK/CANCEL); the request's own otherwise
    bool well_formed = false;  // every parameter needed to recompute the response is usable
};

using CredentialCheck = BasicCredentialCheck<std::string>;
using KeptCheck = BasicCredentialCheck<KeptText>;

// The stored form of a finished check, its text copied into `store`.
KeptCheck keep(const CredentialCheck& check, TextStore& store);

// Checks the value of one credentials header sent with a request of `method` whose body is
// `body` (for qop=auth-int).
CredentialCheck check_credentials(std::string_view header_value, std::string_view method,
                                  std::string_view body, const CredentialStore& store);

}  // namespace digest
