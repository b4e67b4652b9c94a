// Digest challenge / credential parameters: the value of a WWW-Authenticate, Proxy-Authenticate,
// Authorization, Proxy-Authorization or Authentication-Info header (RFC 7616 §3.3-§3.5).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace digest {

struct AuthParams {
    std::string scheme;  // "Digest", "Basic", ... as sent; empty for Authentication-Info
    // Parameter names lowercased, values unquoted with backslash escapes resolved, in header order.
    std::vector<std::pair<std::string, std::string>> params;

    // The value of the first parameter with this (lowercase) name, or nullptr.
    const std::string* find(std::string_view name) const;
};

struct AuthParamsResult {
    AuthParams value;
    std::string error;  // empty when the whole header parsed; otherwise what is wrong and where

    bool ok() const { return error.empty(); }
};

// Parses "Digest name=value, name="quoted", ...". Line folding (CRLF + white space) counts as
// white space. On a syntax error, returns the parameters read before it along with the error.
AuthParamsResult parse_auth_params(std::string_view header_value, bool has_scheme = true);

// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

// ASCII lowercase copy (hex digests, parameter names).
std::string ascii_lowercase(std::string_view text);

}  // namespace digest
