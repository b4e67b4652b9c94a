// Why a Digest response is invalid: replays the usual client mistakes with the known
// credentials and names the first one that reproduces the response sent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "digest/credentials.h"

namespace digest {

// What the capture says about the nonce the credentials use.
struct NonceContext {
    bool issued = false;                    // a challenge (or nextnonce) in this capture issued it
    std::string challenge_realm;            // the realm of that challenge
    std::string challenge_qop;              // its qop parameter as sent, e.g. "auth,auth-int"
    std::vector<std::string> older_nonces;  // nonces issued earlier to the same call, newest first
};

struct Cause {
    std::string key;       // short, filterable: see cause_keys in the README
    std::string sentence;  // plain words for the expert info; never contains a password
};

struct DiagnosisInput {
    std::string_view header_value;  // the credentials header, as sent
    std::string_view method;
    std::string_view request_uri;
    std::string_view body;
    std::string_view username;  // the user the header stands for (userhash resolved)
    const CredentialStore* store = nullptr;
    NonceContext nonce;
};

// Only for responses already found invalid with known credentials.
Cause diagnose(const DiagnosisInput& input);

}  // namespace digest
