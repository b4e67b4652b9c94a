// Fuzzes one credentials header through the whole check: digest::parse_auth_params,
// check_credentials against a store holding passwords and HA1s of every hash family, diagnose
// (as for an invalid response), the weak-password audit and the hashcat / SIPcrack export lines.
// Input: header value, method, Request-URI, body, challenge realm, challenge qop, older nonces
// (each piece after a NUL byte; missing pieces are empty).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest/compute.h"
#include "digest/credentials.h"
#include "digest/diagnosis.h"
#include "digest/export.h"
#include "digest/params.h"
#include "digest/verdict.h"
#include "digest/weak_audit.h"
#include "fuzz_input.h"

namespace {

const digest::CredentialStore& store() {
    static const digest::CredentialStore instance = [] {
        using digest::HashAlgorithm;
        std::string text =
            "100:*:100\n"
            "101:pbx.lab.test:1234\n"
            "alice:pbx.example.com:correct horse: battery\n"
            "Mufasa:http-auth@example.org:Circle of Life\n";
        text += "bob:pbx.example.com:{MD5}" +
                digest::password_ha1(HashAlgorithm::Md5, "bob", "pbx.example.com", "bob") + "\n";
        text += "carol:pbx.example.com:{SHA-256}" +
                digest::password_ha1(HashAlgorithm::Sha256, "carol", "pbx.example.com", "x") + "\n";
        text += "dave:pbx.example.com:{SHA-512-256}" +
                digest::password_ha1(HashAlgorithm::Sha512_256, "dave", "pbx.example.com", "") +
                "\n";
        digest::CredentialStore s;
        for (digest::CredentialEntry& entry :
             digest::parse_credentials(text, digest::CredentialFormat::Native).entries) {
            s.add(std::move(entry));
        }
        return s;
    }();
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string_view> pieces =
        fuzz::split(std::string_view(reinterpret_cast<const char*>(data), size), '\0');
    const auto piece = [&pieces](std::size_t i) {
        return i < pieces.size() ? pieces[i] : std::string_view();
    };
    const std::string_view header = piece(0);
    const std::string_view method = piece(1);
    const std::string_view request_uri = piece(2);
    const std::string_view body = piece(3);

    (void)digest::parse_auth_params(header, false);
    const digest::CredentialCheck check = digest::check_credentials(header, method, body, store());
    (void)digest::verdict_name(check.verdict);

    digest::DiagnosisInput diagnosis;
    diagnosis.header_value = header;
    diagnosis.method = method;
    diagnosis.request_uri = request_uri;
    diagnosis.body = body;
    diagnosis.username = check.username;
    diagnosis.store = &store();
    diagnosis.nonce.issued = !piece(4).empty();
    diagnosis.nonce.challenge_realm = std::string(piece(4));
    diagnosis.nonce.challenge_qop = std::string(piece(5));
    for (std::size_t i = 6; i < pieces.size() && i < 10; ++i) {
        diagnosis.nonce.older_nonces.emplace_back(pieces[i]);
    }
    (void)digest::diagnose(diagnosis);

    if (!check.well_formed) {
        return 0;
    }
    const digest::ExportInput exported{"192.0.2.1", "2001:db8::1",       check.username,
                                       check.realm, check.hashed_method, check.uri,
                                       check.nonce, check.cnonce,        check.nc,
                                       check.qop,   check.algorithm,     check.response};
    (void)digest::hashcat_line(exported);
    (void)digest::sipdump_line(exported);

    const std::optional<digest::Algorithm> algorithm = digest::parse_algorithm(check.algorithm);
    const std::optional<digest::Qop> qop =
        check.qop.empty() ? digest::Qop::None : digest::parse_qop(check.qop);
    if (!algorithm || !qop) {
        return 0;
    }
    static digest::WeakAudit audit = [] {
        digest::WeakAudit a;
        a.set_wordlist({"hunter2", "", "Circle of Life", "100"});
        a.set_max_words(3);
        return a;
    }();
    audit.reset_caches();
    digest::AuditInput input;
    input.username = check.username;
    input.realm = check.realm;
    input.request =
        digest::ResponseInput{*algorithm, "",        check.nonce, check.cnonce, check.nc,
                              *qop,       check.qop, method,      check.uri,    body};
    input.response = check.response;
    (void)audit.audit(input);
    (void)audit.audit_known(check.username, body);
    return 0;
}
