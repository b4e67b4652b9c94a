#include "digest/compute.h"

#include <array>

#include "digest/params.h"

namespace digest {
namespace {

std::string joined(std::initializer_list<std::string_view> parts) {
    std::size_t size = parts.size();
    for (std::string_view part : parts) {
        size += part.size();
    }
    std::string out;
    out.reserve(size);
    bool first = true;
    for (std::string_view part : parts) {
        if (!first) {
            out.push_back(':');
        }
        out.append(part);
        first = false;
    }
    return out;
}

// H(method ":" uri) repeats from request to request: every phone of a domain registers with the
// same Request-URI. The last few are remembered, keyed by the hashed text itself.
std::string remembered_hash(HashAlgorithm hash, std::string text) {
    struct Remembered {
        HashAlgorithm hash = HashAlgorithm::Md5;
        std::string text;
        std::string hex;
    };
    static constexpr std::size_t kRemembered = 8;
    thread_local std::array<Remembered, kRemembered> remembered;
    thread_local std::size_t next = 0;
    for (const Remembered& entry : remembered) {
        if (entry.hash == hash && !entry.hex.empty() && entry.text == text) {
            return entry.hex;
        }
    }
    Remembered& slot = remembered[next];
    next = (next + 1) % kRemembered;
    slot.hash = hash;
    slot.hex = hex_hash(hash, text);
    slot.text = std::move(text);
    return slot.hex;
}

}  // namespace

std::optional<Algorithm> parse_algorithm(std::string_view name) {
    static constexpr std::string_view kSess = "-sess";
    Algorithm algorithm;
    if (name.size() > kSess.size() && iequals(name.substr(name.size() - kSess.size()), kSess)) {
        algorithm.session = true;
        name.remove_suffix(kSess.size());
    }
    if (iequals(name, "MD5")) {
        algorithm.hash = HashAlgorithm::Md5;
    } else if (iequals(name, "SHA-256")) {
        algorithm.hash = HashAlgorithm::Sha256;
    } else if (iequals(name, "SHA-512-256")) {
        algorithm.hash = HashAlgorithm::Sha512_256;
    } else {
        return std::nullopt;
    }
    return algorithm;
}

std::string algorithm_name(Algorithm algorithm) {
    std::string name(hash_name(algorithm.hash));
    if (algorithm.session) {
        name += "-sess";
    }
    return name;
}

std::optional<Qop> parse_qop(std::string_view value) {
    if (iequals(value, "auth")) {
        return Qop::Auth;
    }
    if (iequals(value, "auth-int")) {
        return Qop::AuthInt;
    }
    return std::nullopt;
}

std::string password_ha1(HashAlgorithm hash, std::string_view username, std::string_view realm,
                         std::string_view password) {
    return hex_hash(hash, joined({username, realm, password}));
}

std::string userhash(HashAlgorithm hash, std::string_view username, std::string_view realm) {
    return hex_hash(hash, joined({username, realm}));
}

std::string ha2(const ResponseInput& in) {
    const HashAlgorithm hash = in.algorithm.hash;
    if (in.qop == Qop::AuthInt) {
        return hex_hash(hash, joined({in.method, in.uri, hex_hash(hash, in.body)}));
    }
    return remembered_hash(hash, joined({in.method, in.uri}));
}

std::string response_with_ha2(const ResponseInput& in, std::string_view ha2_hex) {
    const HashAlgorithm hash = in.algorithm.hash;
    std::string ha1(in.ha1);
    if (in.algorithm.session) {
        ha1 = hex_hash(hash, joined({ha1, in.nonce, in.cnonce}));
    }
    if (in.qop == Qop::None) {
        return hex_hash(hash, joined({ha1, in.nonce, ha2_hex}));
    }
    return hex_hash(hash, joined({ha1, in.nonce, in.nc, in.cnonce, in.qop_text, ha2_hex}));
}

std::string expected_response(const ResponseInput& in) {
    return response_with_ha2(in, ha2(in));
}

}  // namespace digest
