#include "digest/weak_audit.h"

#include <algorithm>
#include <array>

namespace digest {
namespace {

// Passwords PBX installations and phones commonly ship with or users commonly pick.
constexpr std::array<std::string_view, 16> kDefaults = {
    "1234",   "12345", "123456", "12345678", "0000",     "1111",    "password", "admin",
    "secret", "pass",  "sip",    "voip",     "changeme", "letmein", "qwerty",   "test"};

constexpr std::size_t kMaxCachedUsers = 100000;
// Each entry holds some twenty HA1s (more with a wordlist): fewer users than the other caches.
constexpr std::size_t kMaxUsersWithHa1s = 10000;

std::string key_of(std::string_view a, std::string_view b, std::string_view c = {}) {
    std::string key(a);
    key.push_back('\n');
    key.append(b);
    key.push_back('\n');
    key.append(c);
    return key;
}

}  // namespace

void WeakAudit::set_wordlist(std::vector<std::string> lines) {
    wordlist_ = std::move(lines);
    reset_caches();
}

void WeakAudit::set_max_words(std::size_t max_words) {
    if (max_words != max_words_) {
        max_words_ = max_words;
        reset_caches();
    }
}

void WeakAudit::reset_caches() {
    found_.clear();
    nothing_found_.clear();
    candidate_ha1s_.clear();
}

std::vector<WeakAudit::Candidate> WeakAudit::candidates_for(std::string_view username) const {
    std::vector<Candidate> candidates;
    const std::string user(username);
    candidates.push_back({user, "password equals the username"});
    candidates.push_back({"", "password is empty"});
    std::string reversed(user.rbegin(), user.rend());
    if (reversed != user) {
        candidates.push_back({reversed, "password is the username reversed"});
    }
    candidates.push_back({user + user, "password is the username twice"});
    for (std::size_t i = 0; i < kDefaults.size(); ++i) {
        if (kDefaults[i] != user) {
            candidates.push_back(
                {std::string(kDefaults[i]), "password is a common default (built-in list entry " +
                                                std::to_string(i + 1) + ")"});
        }
    }
    const std::size_t words = std::min(max_words_, wordlist_.size());
    for (std::size_t i = 0; i < words; ++i) {
        candidates.push_back({wordlist_[i], "wordlist line " + std::to_string(i + 1)});
    }
    return candidates;
}

bool WeakAudit::reproduces(const AuditInput& input, std::string_view ha2_hex,
                           std::string_view password) const {
    return reproduces_with_ha1(
        input, ha2_hex,
        password_ha1(input.request.algorithm.hash, input.username, input.realm, password));
}

bool WeakAudit::reproduces_with_ha1(const AuditInput& input, std::string_view ha2_hex,
                                    std::string_view ha1) const {
    ResponseInput request = input.request;
    request.ha1 = ha1;
    return response_with_ha2(request, ha2_hex) == input.response;
}

const std::vector<std::string>& WeakAudit::candidate_ha1s(const AuditInput& input) {
    const HashAlgorithm hash = input.request.algorithm.hash;
    const char algorithm = static_cast<char>('0' + static_cast<int>(hash));
    const std::string key = key_of(input.username, input.realm, std::string_view(&algorithm, 1));
    auto it = candidate_ha1s_.find(key);
    if (it != candidate_ha1s_.end()) {
        return it->second;
    }
    if (candidate_ha1s_.size() >= kMaxUsersWithHa1s) {
        candidate_ha1s_.clear();
    }
    std::vector<std::string> ha1s;
    for (const Candidate& candidate : candidates_for(input.username)) {
        ha1s.push_back(password_ha1(hash, input.username, input.realm, candidate.password));
    }
    return candidate_ha1s_.emplace(key, std::move(ha1s)).first->second;
}

// The rules of candidates_for(), in its order, without building the candidates and their rule
// texts: this runs for every request that verified.
std::optional<std::string> WeakAudit::audit_known(std::string_view username,
                                                  std::string_view password) {
    if (password == username) {
        return "password equals the username";
    }
    if (password.empty()) {
        return "password is empty";
    }
    if (password.size() == username.size() &&
        std::equal(password.begin(), password.end(), username.rbegin())) {
        return "password is the username reversed";
    }
    if (password.size() == 2 * username.size() && password.substr(0, username.size()) == username &&
        password.substr(username.size()) == username) {
        return "password is the username twice";
    }
    for (std::size_t i = 0; i < kDefaults.size(); ++i) {
        if (password == kDefaults[i]) {
            return "password is a common default (built-in list entry " + std::to_string(i + 1) +
                   ")";
        }
    }
    const std::size_t words = std::min(max_words_, wordlist_.size());
    for (std::size_t i = 0; i < words; ++i) {
        if (password == wordlist_[i]) {
            return "wordlist line " + std::to_string(i + 1);
        }
    }
    return std::nullopt;
}

std::optional<std::string> WeakAudit::audit(const AuditInput& input) {
    const std::string user_key = key_of(input.username, input.realm);
    const std::string ha2_hex = ha2(input.request);
    const auto known = found_.find(user_key);
    if (known != found_.end() && reproduces(input, ha2_hex, known->second.password)) {
        return known->second.rule;
    }
    const std::string nonce_key = key_of(input.username, input.realm, input.request.nonce);
    if (nothing_found_.count(nonce_key) != 0) {
        return std::nullopt;
    }
    const std::vector<std::string>& ha1s = candidate_ha1s(input);
    for (std::size_t i = 0; i < ha1s.size(); ++i) {
        if (reproduces_with_ha1(input, ha2_hex, ha1s[i])) {
            Candidate candidate = std::move(candidates_for(input.username)[i]);
            if (found_.size() >= kMaxCachedUsers) {
                found_.clear();
            }
            std::string rule = candidate.rule;
            found_[user_key] = std::move(candidate);
            return rule;
        }
    }
    if (nothing_found_.size() >= kMaxCachedUsers) {
        nothing_found_.clear();
    }
    nothing_found_.insert(nonce_key);
    return std::nullopt;
}

}  // namespace digest
