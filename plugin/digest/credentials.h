// The credentials store: who may be checked, with a password or a precomputed HA1.
// Read from text (a credentials file, an Apache htdigest file) or added one by one (the UAT).
// Secrets never leave this module except as hashes.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "digest/hash.h"

namespace digest {

struct Secret {
    enum class Kind { Password, Ha1 };
    Kind kind = Kind::Password;
    HashAlgorithm ha1_hash = HashAlgorithm::Md5;  // for Kind::Ha1: the family the HA1 belongs to
    std::string value;                            // the password, or the HA1 in lowercase hex
};

struct CredentialEntry {
    std::string username;
    std::string realm;  // "*" matches any realm (passwords only)
    Secret secret;
};

enum class CredentialFormat {
    Native,    // username:realm:password, or username:realm:{MD5|SHA-256|SHA-512-256}<hex HA1>
    Htdigest,  // Apache htdigest: username:realm:<32 hex MD5 HA1>
};

struct CredentialLineError {
    std::size_t line = 0;  // 1-based
    std::string reason;    // never contains the secret
};

struct ParsedCredentials {
    std::vector<CredentialEntry> entries;
    std::vector<CredentialLineError> errors;
};

ParsedCredentials parse_credentials(std::string_view text, CredentialFormat format);

// Checks one entry as the UAT gets it; returns the reason it is unusable, or nullopt.
std::optional<std::string> check_entry(const CredentialEntry& entry);

// Turns the secret text of the UAT (a password or "{MD5}<hex>", ...) into a Secret.
// Returns the reason on error.
std::optional<std::string> parse_secret(std::string_view text, Secret& out);

enum class Lookup {
    Found,
    UnknownUser,     // no entry for this username (in this realm or '*')
    WrongHashFamily  // only an HA1 of another hash family is known
};

struct Ha1Lookup {
    Lookup status = Lookup::UnknownUser;
    std::string ha1;  // hex, when Found
    // The stored password when Found through a password entry (for the weak-password audit,
    // which then compares instead of hashing); never shown anywhere.
    const std::string* password = nullptr;
    // Found through the part of a user@domain name before '@' (the entry of that user).
    bool user_part = false;
};

class CredentialStore {
  public:
    void add(CredentialEntry entry);
    void clear();
    std::size_t size() const { return size_; }

    // The HA1 of username in realm for this hash family: an exact realm beats '*', an entry with
    // a password works for every family, an HA1 only for its own. A username user@domain without
    // entries of its own takes the passwords of `user`, hashed with the name as sent.
    Ha1Lookup ha1(std::string_view username, std::string_view realm, HashAlgorithm hash) const;

    // The realms other than '*' that username has entries for.
    std::vector<std::string> realms_of(std::string_view username) const;

    // With userhash=true the client sends H(username:realm); finds the username it stands for.
    std::optional<std::string> username_for_userhash(std::string_view hashed,
                                                     std::string_view realm,
                                                     HashAlgorithm hash) const;

  private:
    std::unordered_map<std::string, std::vector<CredentialEntry>> by_username_;
    std::size_t size_ = 0;
    // user, realm, hash -> HA1 of a password entry: every request of a user needs it again.
    mutable std::unordered_map<std::string, std::string> ha1_cache_;
    // realm + hash family -> (H(user:realm) -> user), built on first use.
    mutable std::map<std::pair<std::string, HashAlgorithm>,
                     std::unordered_map<std::string, std::string>>
        userhash_cache_;
};

}  // namespace digest
