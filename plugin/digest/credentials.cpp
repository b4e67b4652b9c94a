#include "digest/credentials.h"

#include <algorithm>

#include "digest/compute.h"
#include "digest/params.h"

namespace digest {
namespace {

bool is_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

std::optional<std::string> parse_ha1(std::string_view hex, HashAlgorithm hash, Secret& out) {
    if (hex.size() != hex_length(hash) || !is_hex(hex)) {
        return "a " + std::string(hash_name(hash)) + " HA1 must be " +
               std::to_string(hex_length(hash)) + " hex digits";
    }
    out.kind = Secret::Kind::Ha1;
    out.ha1_hash = hash;
    out.value = ascii_lowercase(hex);
    return std::nullopt;
}

std::string_view trim_line_end(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
        line.remove_suffix(1);
    }
    return line;
}

bool blank_or_comment(std::string_view line) {
    const auto first = line.find_first_not_of(" \t");
    return first == std::string_view::npos || line[first] == '#';
}

}  // namespace

std::optional<std::string> parse_secret(std::string_view text, Secret& out) {
    struct Prefix {
        std::string_view text;
        HashAlgorithm hash;
    };
    static constexpr Prefix kPrefixes[] = {{"{MD5}", HashAlgorithm::Md5},
                                           {"{SHA-256}", HashAlgorithm::Sha256},
                                           {"{SHA-512-256}", HashAlgorithm::Sha512_256}};
    for (const Prefix& prefix : kPrefixes) {
        if (text.size() >= prefix.text.size() &&
            iequals(text.substr(0, prefix.text.size()), prefix.text)) {
            return parse_ha1(text.substr(prefix.text.size()), prefix.hash, out);
        }
    }
    out.kind = Secret::Kind::Password;
    out.value = std::string(text);
    return std::nullopt;
}

std::optional<std::string> check_entry(const CredentialEntry& entry) {
    if (entry.username.empty()) {
        return "empty username";
    }
    if (entry.realm.empty()) {
        return "empty realm (use * for any realm)";
    }
    if (entry.realm == "*" && entry.secret.kind == Secret::Kind::Ha1) {
        return "an HA1 is bound to its realm, so realm * cannot be used with it";
    }
    return std::nullopt;
}

ParsedCredentials parse_credentials(std::string_view text, CredentialFormat format) {
    ParsedCredentials parsed;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const std::size_t end = text.find('\n');
        std::string_view line = trim_line_end(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (blank_or_comment(line)) {
            continue;
        }
        const std::size_t first = line.find(':');
        const std::size_t second =
            first == std::string_view::npos ? first : line.find(':', first + 1);
        if (second == std::string_view::npos) {
            parsed.errors.push_back({line_number, "expected username:realm:secret (two colons)"});
            continue;
        }
        CredentialEntry entry;
        entry.username = std::string(line.substr(0, first));
        entry.realm = std::string(line.substr(first + 1, second - first - 1));
        const std::string_view secret = line.substr(second + 1);
        std::optional<std::string> problem =
            format == CredentialFormat::Htdigest
                ? parse_ha1(secret, HashAlgorithm::Md5, entry.secret)
                : parse_secret(secret, entry.secret);
        if (!problem) {
            problem = check_entry(entry);
        }
        if (problem) {
            parsed.errors.push_back({line_number, *problem});
            continue;
        }
        parsed.entries.push_back(std::move(entry));
    }
    return parsed;
}

void CredentialStore::add(CredentialEntry entry) {
    userhash_cache_.clear();
    ha1_cache_.clear();
    std::string key = entry.username;
    by_username_[std::move(key)].push_back(std::move(entry));
    ++size_;
}

void CredentialStore::clear() {
    by_username_.clear();
    userhash_cache_.clear();
    ha1_cache_.clear();
    size_ = 0;
}

Ha1Lookup CredentialStore::ha1(std::string_view username, std::string_view realm,
                               HashAlgorithm hash) const {
    auto found = by_username_.find(std::string(username));
    // A username sent as user@domain (sipsak does; kamailio accepts it) falls back on the
    // entries of its user part, passwords only: the client hashed the name as it sent it, and
    // an HA1 was made with another name.
    const std::size_t at = username.find('@');
    const bool user_part = found == by_username_.end() && at != std::string_view::npos && at > 0;
    if (user_part) {
        found = by_username_.find(std::string(username.substr(0, at)));
    }
    if (found == by_username_.end()) {
        return {};
    }
    Ha1Lookup result;
    const CredentialEntry* chosen = nullptr;
    for (const CredentialEntry& entry : found->second) {
        const bool exact = entry.realm == realm;
        if (!exact && entry.realm != "*") {
            continue;
        }
        if (user_part && entry.secret.kind == Secret::Kind::Ha1) {
            continue;
        }
        if (entry.secret.kind == Secret::Kind::Ha1 && entry.secret.ha1_hash != hash) {
            result.status = Lookup::WrongHashFamily;
            continue;
        }
        if (exact) {
            chosen = &entry;
            break;
        }
        if (chosen == nullptr) {
            chosen = &entry;
        }
    }
    if (chosen == nullptr) {
        return result;
    }
    result.status = Lookup::Found;
    result.user_part = user_part;
    if (chosen->secret.kind == Secret::Kind::Ha1) {
        result.ha1 = chosen->secret.value;
        return result;
    }
    result.password = &chosen->secret.value;
    // Realms come from packets: keep the cache bounded whatever a capture holds.
    static constexpr std::size_t kMaxCachedHa1 = 100000;
    std::string key(username);
    key.append(1, '\0').append(realm).append(1, static_cast<char>('0' + static_cast<int>(hash)));
    const auto cached = ha1_cache_.find(key);
    if (cached != ha1_cache_.end()) {
        result.ha1 = cached->second;
        return result;
    }
    result.ha1 = password_ha1(hash, username, realm, chosen->secret.value);
    if (ha1_cache_.size() >= kMaxCachedHa1) {
        ha1_cache_.clear();
    }
    ha1_cache_.emplace(std::move(key), result.ha1);
    return result;
}

std::vector<std::string> CredentialStore::realms_of(std::string_view username) const {
    std::vector<std::string> realms;
    const auto found = by_username_.find(std::string(username));
    if (found != by_username_.end()) {
        for (const CredentialEntry& entry : found->second) {
            if (entry.realm != "*") {
                realms.push_back(entry.realm);
            }
        }
    }
    return realms;
}

std::optional<std::string> CredentialStore::username_for_userhash(std::string_view hashed,
                                                                  std::string_view realm,
                                                                  HashAlgorithm hash) const {
    auto key = std::make_pair(std::string(realm), hash);
    auto cached = userhash_cache_.find(key);
    if (cached == userhash_cache_.end()) {
        std::unordered_map<std::string, std::string> table;
        for (const auto& [username, entries] : by_username_) {
            const bool usable = std::any_of(entries.begin(), entries.end(), [&](const auto& e) {
                return e.realm == realm || e.realm == "*";
            });
            if (usable) {
                table.emplace(userhash(hash, username, realm), username);
            }
        }
        cached = userhash_cache_.emplace(std::move(key), std::move(table)).first;
    }
    const auto match = cached->second.find(ascii_lowercase(hashed));
    if (match == cached->second.end()) {
        return std::nullopt;
    }
    return match->second;
}

}  // namespace digest
