// The weak-password audit: does a guessable password reproduce a Digest response? Built-in
// rules (empty, equal to the username, reversed, repeated, PBX defaults) and an optional
// wordlist. It names the rule or the wordlist line, never the password.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "digest/compute.h"

namespace digest {

struct AuditInput {
    std::string_view username;  // the real user (userhash resolved)
    std::string_view realm;
    ResponseInput request;      // everything but ha1
    std::string_view response;  // sent, lowercase hex
};

class WeakAudit {
  public:
    // Wordlist lines are tried after the built-in rules, at most max_words of them per request.
    void set_wordlist(std::vector<std::string> lines);
    void set_max_words(std::size_t max_words);
    void reset_caches();

    // The rule that reproduces the response, e.g. "password equals the username" or
    // "wordlist line 17"; nullopt when none does.
    std::optional<std::string> audit(const AuditInput& input);

    // The same when the password the client used is known (its response verified with the
    // stored password): the rules are compared with it, nothing is hashed.
    std::optional<std::string> audit_known(std::string_view username, std::string_view password);

  private:
    struct Candidate {
        std::string password;
        std::string rule;
    };
    std::vector<Candidate> candidates_for(std::string_view username) const;
    bool reproduces(const AuditInput& input, std::string_view ha2_hex,
                    std::string_view password) const;
    bool reproduces_with_ha1(const AuditInput& input, std::string_view ha2_hex,
                             std::string_view ha1) const;
    // The HA1 of each of candidates_for(username), in its order, hashed once per user.
    const std::vector<std::string>& candidate_ha1s(const AuditInput& input);

    std::vector<std::string> wordlist_;
    std::size_t max_words_ = 1000;
    // user + realm -> the rule found for them (the password does not change per nonce).
    std::unordered_map<std::string, Candidate> found_;
    // user + realm + nonce already audited without result.
    std::unordered_set<std::string> nothing_found_;
    // user + realm + hash algorithm -> candidate_ha1s(): the candidates depend on the user
    // alone, so a user who registers again costs one hash per candidate instead of two.
    std::unordered_map<std::string, std::vector<std::string>> candidate_ha1s_;
};

}  // namespace digest
