// Fuzzes the credentials store: digest::parse_credentials (native and htdigest formats),
// check_entry, parse_secret, and every lookup of the entries read (HA1 per hash family, realms,
// userhash resolution).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "digest/compute.h"
#include "digest/credentials.h"
#include "digest/hash.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    constexpr digest::HashAlgorithm kHashes[] = {digest::HashAlgorithm::Md5,
                                                 digest::HashAlgorithm::Sha256,
                                                 digest::HashAlgorithm::Sha512_256};

    digest::Secret secret;
    (void)digest::parse_secret(text.substr(0, 256), secret);

    for (const digest::CredentialFormat format :
         {digest::CredentialFormat::Native, digest::CredentialFormat::Htdigest}) {
        digest::ParsedCredentials parsed = digest::parse_credentials(text, format);
        for (const digest::CredentialLineError& error : parsed.errors) {
            if (error.line == 0) {
                std::abort();  // lines are 1-based
            }
        }
        digest::CredentialStore store;
        for (const digest::CredentialEntry& entry : parsed.entries) {
            (void)digest::check_entry(entry);
            store.add(entry);
        }
        std::size_t lookups = 0;
        for (const digest::CredentialEntry& entry : parsed.entries) {
            if (++lookups > 16) {
                break;  // hashing dominates: a few entries say enough
            }
            (void)store.realms_of(entry.username);
            for (const digest::HashAlgorithm hash : kHashes) {
                const digest::Ha1Lookup found = store.ha1(entry.username, entry.realm, hash);
                if (found.status == digest::Lookup::Found &&
                    found.ha1.size() != digest::hex_length(hash)) {
                    std::abort();
                }
                // The first userhash lookup per realm hashes every user: a few are enough.
                if (entry.realm != "*" && lookups <= 2) {
                    (void)store.username_for_userhash(
                        digest::userhash(hash, entry.username, entry.realm), entry.realm, hash);
                }
            }
        }
        store.clear();
    }
    return 0;
}
