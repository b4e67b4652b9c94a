#include "digest/export.h"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "digest/params.h"

namespace digest {
namespace {

// hashcat 6 module_11400: '*' separates 15 fields and cannot be escaped; the parser's limits.
namespace hc {
constexpr std::string_view kForbidden("*\r\n\0", 4);
constexpr std::size_t kHostMax = 512;
constexpr std::size_t kUserMax = 116;
constexpr std::size_t kRealmMax = 116;
constexpr std::size_t kSaltMax = 119;  // "user:realm:"
constexpr std::size_t kMethodMax = 246;
constexpr std::size_t kPrefixMax = 245;
constexpr std::size_t kResourceMax = 246;
constexpr std::size_t kSuffixMax = 245;
constexpr std::size_t kHa2InputMax = 255;  // "method:uri"
constexpr std::size_t kNonceMax = 1024;    // also cnonce, nc and qop
constexpr std::size_t kEsaltMax = 1024;    // ":nonce:nc:cnonce:qop:" + hex HA2
// hashcat guesses a hash file's layout from its first lines: one line with 8 colons makes it read
// the whole file as shadow, 6 colons as pwdump or passwd, and then no $sip$ line parses.
constexpr std::size_t kShadowColons = 8;
constexpr std::size_t kPwdumpColons = 6;
}  // namespace hc

// SIPcrack 0.2: lines of 12 fields separated by '"' (no escaping), read with fgets into 1024
// bytes and copied with strncpy into the fixed buffers of its login_t, so longer values are cut.
namespace sc {
constexpr std::string_view kForbidden("\"\r\n\0", 4);
constexpr std::size_t kHostMax = 255;  // server, client, realm
constexpr std::size_t kUserMax = 127;
constexpr std::size_t kMethodMax = 15;
constexpr std::size_t kUriMax = 255;
constexpr std::size_t kNonceMax = 127;  // also cnonce and nc
constexpr std::size_t kQopMax = 11;
constexpr std::size_t kStaticMax = 313;  // ":nonce:nc:cnonce:qop:" + hex HA2
constexpr std::size_t kLineMax = 1022;   // without the newline
}  // namespace sc

constexpr std::size_t kMd5Hex = 32;

bool plain_md5(const ExportInput& in) {
    return (in.algorithm.empty() || iequals(in.algorithm, "MD5")) &&
           (in.qop.empty() || iequals(in.qop, "auth"));
}

std::optional<std::string> md5_hex_lower(std::string_view hex) {
    if (hex.size() != kMd5Hex) {
        return std::nullopt;
    }
    std::string out(hex);
    for (char& c : out) {
        if (c >= 'A' && c <= 'F') {
            c = static_cast<char>(c - 'A' + 'a');
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return std::nullopt;
        }
    }
    return out;
}

// A plain loop: string_view::find_first_of() calls memchr on `forbidden` for every character.
bool all_free_of(std::initializer_list<std::string_view> values, std::string_view forbidden) {
    for (std::string_view value : values) {
        for (const char c : value) {
            for (const char bad : forbidden) {
                if (c == bad) {
                    return false;
                }
            }
        }
    }
    return true;
}

std::string joined(std::initializer_list<std::string_view> fields, char separator) {
    std::size_t size = fields.size();
    for (std::string_view field : fields) {
        size += field.size();
    }
    std::string out;
    out.reserve(size);
    bool first = true;
    for (std::string_view field : fields) {
        if (!first) {
            out.push_back(separator);
        }
        out.append(field);
        first = false;
    }
    return out;
}

// hashcat rebuilds the URI as [prefix ":"] resource [":" suffix].
struct UriSplit {
    std::string_view prefix;
    std::string_view resource;
    std::string_view suffix;
};

// Ways to split the URI, best first: scheme / user@host / port;params (the port colon comes after
// an IPv6 host's "]"), then splits that leave one or both colons inside the resource.
std::vector<UriSplit> uri_splits(std::string_view uri) {
    constexpr std::size_t npos = std::string_view::npos;
    std::size_t scheme = uri.find(':');
    if (scheme == 0 || scheme + 1 >= uri.size()) {
        scheme = npos;
    }
    const std::size_t bracket = uri.rfind(']');
    std::size_t port = uri.rfind(':');
    if (port == 0 || port + 1 >= uri.size() || (bracket != npos && port < bracket)) {
        port = npos;
    }
    std::vector<UriSplit> splits;
    if (scheme != npos && port != npos && port > scheme + 1) {
        splits.push_back({uri.substr(0, scheme), uri.substr(scheme + 1, port - scheme - 1),
                          uri.substr(port + 1)});
    }
    if (scheme != npos) {
        splits.push_back({uri.substr(0, scheme), uri.substr(scheme + 1), {}});
    }
    if (port != npos) {
        splits.push_back({{}, uri.substr(0, port), uri.substr(port + 1)});
    }
    splits.push_back({{}, uri, {}});
    return splits;
}

bool hashcat_fits(const ExportInput& in) {
    const std::size_t esalt =
        5 + in.nonce.size() + in.nc.size() + in.cnonce.size() + in.qop.size() + kMd5Hex;
    return in.server_ip.size() <= hc::kHostMax && in.client_ip.size() <= hc::kHostMax &&
           in.username.size() <= hc::kUserMax && in.realm.size() <= hc::kRealmMax &&
           in.username.size() + in.realm.size() + 2 <= hc::kSaltMax &&
           in.method.size() <= hc::kMethodMax &&
           in.method.size() + 1 + in.uri.size() <= hc::kHa2InputMax && !in.nonce.empty() &&
           in.nonce.size() <= hc::kNonceMax && in.cnonce.size() <= hc::kNonceMax &&
           in.nc.size() <= hc::kNonceMax && esalt <= hc::kEsaltMax;
}

bool split_fits(const UriSplit& split) {
    return split.prefix.size() <= hc::kPrefixMax && !split.resource.empty() &&
           split.resource.size() <= hc::kResourceMax && split.suffix.size() <= hc::kSuffixMax;
}

bool sipcrack_fits(const ExportInput& in) {
    const std::size_t static_data =
        5 + in.nonce.size() + in.nc.size() + in.cnonce.size() + in.qop.size() + kMd5Hex;
    return in.server_ip.size() <= sc::kHostMax && in.client_ip.size() <= sc::kHostMax &&
           in.username.size() <= sc::kUserMax && in.realm.size() <= sc::kHostMax &&
           in.method.size() <= sc::kMethodMax && in.uri.size() <= sc::kUriMax &&
           in.nonce.size() <= sc::kNonceMax && in.cnonce.size() <= sc::kNonceMax &&
           in.nc.size() <= sc::kNonceMax && in.qop.size() <= sc::kQopMax &&
           (in.qop.empty() || static_data <= sc::kStaticMax);
}

}  // namespace

ExportInput export_input(const KeptCheck& check, std::string server_ip, std::string client_ip) {
    return ExportInput{std::move(server_ip),
                       std::move(client_ip),
                       std::string(check.username),
                       std::string(check.realm),
                       std::string(check.hashed_method),
                       std::string(check.uri),
                       std::string(check.nonce),
                       std::string(check.cnonce),
                       std::string(check.nc),
                       std::string(check.qop),
                       std::string(check.algorithm),
                       std::string(check.response)};
}

std::optional<std::string> hashcat_line(const ExportInput& in) {
    // hashcat applies qop only when it reads exactly "auth" (or "auth-int", without the body).
    if (!plain_md5(in) || (!in.qop.empty() && in.qop != "auth") || !hashcat_fits(in) ||
        !all_free_of({in.server_ip, in.client_ip, in.username, in.realm, in.method, in.uri,
                      in.nonce, in.cnonce, in.nc},
                     hc::kForbidden)) {
        return std::nullopt;
    }
    const std::optional<std::string> response = md5_hex_lower(in.response);
    if (!response) {
        return std::nullopt;
    }
    for (const UriSplit& split : uri_splits(in.uri)) {
        if (!split_fits(split)) {
            continue;
        }
        std::string line = joined(
            {"$sip$", in.server_ip, in.client_ip, in.username, in.realm, in.method, split.prefix,
             split.resource, split.suffix, in.nonce, in.cnonce, in.nc, in.qop, "MD5", *response},
            '*');
        const auto colons = static_cast<std::size_t>(std::count(line.begin(), line.end(), ':'));
        if (colons != hc::kShadowColons && colons != hc::kPwdumpColons) {
            return line;
        }
    }
    return std::nullopt;
}

std::optional<std::string> sipdump_line(const ExportInput& in) {
    if (!plain_md5(in) || !sipcrack_fits(in) ||
        !all_free_of({in.server_ip, in.client_ip, in.username, in.realm, in.method, in.uri,
                      in.nonce, in.cnonce, in.nc, in.qop},
                     sc::kForbidden)) {
        return std::nullopt;
    }
    const std::optional<std::string> response = md5_hex_lower(in.response);
    if (!response) {
        return std::nullopt;
    }
    std::string line = joined({in.server_ip, in.client_ip, in.username, in.realm, in.method, in.uri,
                               in.nonce, in.cnonce, in.nc, in.qop, "MD5", *response},
                              '"');
    if (line.size() > sc::kLineMax) {
        return std::nullopt;
    }
    return line;
}

}  // namespace digest
