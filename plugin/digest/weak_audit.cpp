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

void WeakAudit::reset_caches() {
    found_.clear();
    nothing_found_.clear();
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
    const std::string ha1 =
        password_ha1(input.request.algorithm.hash, input.username, input.realm, password);
    ResponseInput request = input.request;
    request.ha1 = ha1;
    return response_with_ha2(request, ha2_hex) == input.response;
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
    for (Candidate& candidate : candidates_for(input.username)) {
        if (reproduces(input, ha2_hex, candidate.password)) {
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
