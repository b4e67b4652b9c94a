// The Digest computations of RFC 2617 §3.2.2 and RFC 7616 §3.4: HA1, HA2 (with the auth-int
// body hash), the response, the -sess variants and userhash.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "digest/hash.h"

namespace digest {

struct Algorithm {
    HashAlgorithm hash = HashAlgorithm::Md5;
    bool session = false;  // the "-sess" variants

    bool operator==(const Algorithm& other) const {
        return hash == other.hash && session == other.session;
    }
};

// "MD5", "md5-sess", "SHA-256", "SHA-512-256-sess", ... (case-insensitive); nullopt when unknown.
std::optional<Algorithm> parse_algorithm(std::string_view name);
std::string algorithm_name(Algorithm algorithm);

enum class Qop { None, Auth, AuthInt };

// "auth" / "auth-int" (case-insensitive); nullopt for anything else. An absent qop is Qop::None.
std::optional<Qop> parse_qop(std::string_view value);

// H(username ":" realm ":" password)
std::string password_ha1(HashAlgorithm hash, std::string_view username, std::string_view realm,
                         std::string_view password);

// H(username ":" realm), the username parameter sent with userhash=true (RFC 7616 §3.4.4).
std::string userhash(HashAlgorithm hash, std::string_view username, std::string_view realm);

struct ResponseInput {
    Algorithm algorithm;
    std::string_view ha1;  // hex H(user:realm:password), before any -sess step
    std::string_view nonce;
    std::string_view cnonce;
    std::string_view nc;
    Qop qop = Qop::None;
    std::string_view qop_text;  // the qop value exactly as the client sent it
    std::string_view method;
    std::string_view uri;
    std::string_view body;  // the exact message body, used by auth-int only
};

// The expected response= value (lowercase hex).
std::string expected_response(const ResponseInput& input);

// The same in two steps, for trying many passwords on one request: HA2 depends only on the
// request, the rest on the HA1 (input.ha1 is ignored by ha2()).
std::string ha2(const ResponseInput& input);
std::string response_with_ha2(const ResponseInput& input, std::string_view ha2_hex);

}  // namespace digest
