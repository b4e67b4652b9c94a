// Preferences and the credentials table of the plugin: reading the credentials file, the
// htdigest file and the audit wordlist, and turning them into the credentials store.
// Secrets stay in memory; messages name files, line numbers and reasons only.

#include "sipdigest-settings.h"

#include <wireshark.h>

#include <epan/prefs.h>
#include <epan/uat.h>
#include <wsutil/report_message.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sipdigest-state.h"

namespace sipdigest_plugin {
namespace {

// Preferences (owned by Wireshark's preference code).
const char* pref_credentials_file = "";
const char* pref_htdigest_file = "";
gboolean pref_audit = TRUE;
const char* pref_wordlist = "";
guint pref_audit_max_words = 1000;

// The credentials UAT.
struct UatCredential {
    char* username;
    char* realm;
    char* secret;
};
UatCredential* uat_credentials = nullptr;
guint uat_credentials_count = 0;

struct LoadedFile {
    std::string path;
    std::int64_t mtime = -1;
    std::int64_t size = -1;
    std::vector<digest::CredentialEntry> entries;
};

// What was read from each file, kept to notice when a path or the file itself changes.
LoadedFile loaded_credentials;
LoadedFile loaded_htdigest;
std::string loaded_wordlist_path;

// Reads a credentials file when its path, size or time changed, reporting each bad line once.
void load_file(LoadedFile& loaded, const char* path, digest::CredentialFormat format,
               const char* what) {
    const std::string wanted = path ? path : "";
    struct stat info {};
    const bool exists = !wanted.empty() && stat(wanted.c_str(), &info) == 0;
    const std::int64_t mtime = exists ? static_cast<std::int64_t>(info.st_mtime) : -1;
    const std::int64_t size = exists ? static_cast<std::int64_t>(info.st_size) : -1;
    if (wanted == loaded.path && mtime == loaded.mtime && size == loaded.size) {
        return;
    }
    loaded = LoadedFile{wanted, mtime, size, {}};
    if (wanted.empty()) {
        return;
    }
    std::ifstream in(wanted, std::ios::binary);
    if (!exists || !in) {
        report_warning("sipdigest: cannot read %s %s: %s", what, wanted.c_str(), g_strerror(errno));
        return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    digest::ParsedCredentials parsed = digest::parse_credentials(text.str(), format);
    for (const digest::CredentialLineError& error : parsed.errors) {
        report_warning("sipdigest: %s %s line %zu: %s; line ignored", what, wanted.c_str(),
                       error.line, error.reason.c_str());
    }
    loaded.entries = std::move(parsed.entries);
}

void rebuild_store() {
    PluginState& s = state();
    s.store.clear();
    for (const LoadedFile* file : {&loaded_credentials, &loaded_htdigest}) {
        for (const digest::CredentialEntry& entry : file->entries) {
            s.store.add(entry);
        }
    }
    for (guint i = 0; i < uat_credentials_count; ++i) {
        const UatCredential& row = uat_credentials[i];
        digest::CredentialEntry entry;
        entry.username = row.username ? row.username : "";
        entry.realm = row.realm ? row.realm : "";
        if (!digest::parse_secret(row.secret ? row.secret : "", entry.secret) &&
            !digest::check_entry(entry)) {
            s.store.add(std::move(entry));
        }
    }
    s.exchange.reset();
    s.last_collected = 0;
}

// The audit's wordlist: one candidate password per line (CR/LF stripped), read when its path
// changes. Its lines are never shown, only their numbers.
void load_wordlist(PluginState& s) {
    const std::string wanted = pref_wordlist ? pref_wordlist : "";
    if (wanted == loaded_wordlist_path) {
        return;
    }
    loaded_wordlist_path = wanted;
    std::vector<std::string> lines;
    if (!wanted.empty()) {
        std::ifstream in(wanted, std::ios::binary);
        if (!in) {
            report_warning("sipdigest: cannot read wordlist %s: %s", wanted.c_str(),
                           g_strerror(errno));
        }
        std::string line;
        while (std::getline(in, line)) {
            while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
                line.pop_back();
            }
            lines.push_back(line);
        }
    }
    s.audit.set_wordlist(std::move(lines));
}

void apply_preferences() {
    PluginState& s = state();
    load_wordlist(s);
    s.audit.set_max_words(pref_audit_max_words);
    s.exchange.set_audit(pref_audit ? &s.audit : nullptr);
    load_file(loaded_credentials, pref_credentials_file, digest::CredentialFormat::Native,
              "credentials file");
    load_file(loaded_htdigest, pref_htdigest_file, digest::CredentialFormat::Htdigest,
              "htdigest file");
    rebuild_store();
}

UAT_CSTRING_CB_DEF(uat_credentials, username, UatCredential)
UAT_CSTRING_CB_DEF(uat_credentials, realm, UatCredential)
UAT_CSTRING_CB_DEF(uat_credentials, secret, UatCredential)

void* uat_credential_copy(void* dest, const void* source, size_t) {
    auto* to = static_cast<UatCredential*>(dest);
    const auto* from = static_cast<const UatCredential*>(source);
    to->username = g_strdup(from->username);
    to->realm = g_strdup(from->realm);
    to->secret = g_strdup(from->secret);
    return dest;
}

gboolean uat_credential_update(void* record, char** error) {
    const auto* row = static_cast<const UatCredential*>(record);
    digest::CredentialEntry entry;
    entry.username = row->username ? row->username : "";
    entry.realm = row->realm ? row->realm : "";
    std::optional<std::string> problem =
        digest::parse_secret(row->secret ? row->secret : "", entry.secret);
    if (!problem) {
        problem = digest::check_entry(entry);
    }
    if (problem) {
        *error = g_strdup_printf("sipdigest credentials: %s", problem->c_str());
        return FALSE;
    }
    return TRUE;
}

void uat_credential_free(void* record) {
    auto* row = static_cast<UatCredential*>(record);
    g_free(row->username);
    g_free(row->realm);
    g_free(row->secret);
}

}  // namespace

bool audit_enabled() {
    return pref_audit != FALSE;
}

void register_settings(int proto) {
    static uat_field_t uat_fields[] = {
        UAT_FLD_CSTRING(uat_credentials, username, "Username", "The digest username"),
        UAT_FLD_CSTRING(uat_credentials, realm, "Realm", "The realm, or * for any realm"),
        UAT_FLD_CSTRING(uat_credentials, secret, "Password or HA1",
                        "The password, or a precomputed HA1 written {MD5}<hex>, {SHA-256}<hex> "
                        "or {SHA-512-256}<hex>"),
        UAT_END_FIELDS};
    module_t* prefs = prefs_register_protocol(proto, apply_preferences);
    prefs_register_filename_preference(
        prefs, "credentials_file", "Credentials file",
        "One entry per line: username:realm:password (the password is everything after the "
        "second colon; realm * matches any realm), or username:realm:{MD5}<32 hex HA1> "
        "(also {SHA-256} and {SHA-512-256}). # starts a comment.",
        &pref_credentials_file, FALSE);
    prefs_register_filename_preference(prefs, "htdigest_file", "Apache htdigest file",
                                       "An htdigest file: username:realm:<MD5 HA1> per line",
                                       &pref_htdigest_file, FALSE);
    prefs_register_bool_preference(
        prefs, "audit", "Audit weak passwords",
        "Try guessable passwords on every response: empty, equal to the username, the username "
        "reversed or twice, common PBX defaults, and the wordlist",
        &pref_audit);
    prefs_register_filename_preference(
        prefs, "wordlist", "Audit wordlist",
        "Extra candidate passwords for the audit, one per line (reported by line number)",
        &pref_wordlist, FALSE);
    prefs_register_uint_preference(prefs, "audit_max_words", "Audit wordlist limit",
                                   "At most this many wordlist lines are tried per request", 10,
                                   &pref_audit_max_words);
    uat_t* uat = uat_new("SIP Digest credentials", sizeof(UatCredential), "sipdigest_credentials",
                         TRUE, &uat_credentials, &uat_credentials_count, UAT_AFFECTS_DISSECTION,
                         nullptr, uat_credential_copy, uat_credential_update, uat_credential_free,
                         rebuild_store, nullptr, uat_fields);
    prefs_register_uat_preference(prefs, "credentials", "Credentials",
                                  "Usernames, realms and passwords or HA1s to check against", uat);
}

}  // namespace sipdigest_plugin
