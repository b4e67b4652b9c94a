#include "digest/verdict.h"

#include <optional>

#include "digest/compute.h"
#include "digest/params.h"

namespace digest {
namespace {

CredentialCheck unverifiable(CredentialCheck check, std::string reason) {
    check.verdict = Verdict::Unverifiable;
    check.reason = std::move(reason);
    return check;
}

std::string_view scheme_of(std::string_view value) {
    const std::size_t start = value.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {
        return {};
    }
    value.remove_prefix(start);
    return value.substr(0, value.find_first_of(" \t\r\n"));
}

std::string unverifiable_scheme_reason(std::string_view scheme) {
    if (iequals(scheme, "Basic")) {
        return "scheme Basic sends the password itself; it is not checked";
    }
    if (scheme.empty()) {
        return "no authentication scheme";
    }
    if (scheme.size() >= 3 && iequals(scheme.substr(0, 3), "AKA")) {
        return "scheme " + std::string(scheme) +
               " cannot be checked with a password (it needs the SIM's secret key K)";
    }
    return "scheme " + std::string(scheme) + " is not Digest";
}

std::string unknown_algorithm_reason(std::string_view name) {
    if (name.size() >= 3 && iequals(name.substr(0, 3), "AKA")) {
        return "algorithm " + std::string(name) +
               " cannot be checked with a password (it needs the SIM's secret key K and the "
               "AKA vectors)";
    }
    return "algorithm " + std::string(name) + " is not one of MD5, SHA-256, SHA-512-256 (-sess)";
}

// The Digest parameters a check reads, as bits of a presence mask.
enum ParamBit : unsigned {
    kUsername = 1u << 0,
    kRealm = 1u << 1,
    kNonce = 1u << 2,
    kQop = 1u << 3,
    kResponse = 1u << 4,
    kCnonce = 1u << 5,
    kNc = 1u << 6,
    kUri = 1u << 7,
    kOpaque = 1u << 8,
    kAlgorithm = 1u << 9,
    kUserhash = 1u << 10,
};

struct ParamSlot {
    std::string_view name;
    ParamBit bit;
    std::string CredentialCheck::*field;  // nullptr: read, not kept (userhash)
};

// The first five are required, and a missing one is reported in this order.
constexpr std::size_t kRequiredSlots = 5;
constexpr ParamSlot kParamSlots[] = {
    {"username", kUsername, &CredentialCheck::username},
    {"realm", kRealm, &CredentialCheck::realm},
    {"nonce", kNonce, &CredentialCheck::nonce},
    {"uri", kUri, &CredentialCheck::uri},
    {"response", kResponse, &CredentialCheck::response},
    {"algorithm", kAlgorithm, &CredentialCheck::algorithm},
    {"cnonce", kCnonce, &CredentialCheck::cnonce},
    {"qop", kQop, &CredentialCheck::qop},
    {"nc", kNc, &CredentialCheck::nc},
    {"opaque", kOpaque, &CredentialCheck::opaque},
    {"userhash", kUserhash, nullptr},
};

// Moves the first value of each parameter the check reads into `check` (the userhash flag into
// `userhash`), in one pass over the header's parameters; returns which were present.
unsigned take_params(AuthParams& params, CredentialCheck& check, std::string& userhash) {
    unsigned present = 0;
    for (auto& [name, value] : params.params) {
        for (const ParamSlot& slot : kParamSlots) {
            if (name != slot.name) {
                continue;
            }
            if ((present & slot.bit) == 0) {
                present |= slot.bit;
                (slot.field != nullptr ? check.*slot.field : userhash) = std::move(value);
            }
            break;
        }
    }
    return present;
}

std::string whose(const CredentialCheck& check) {
    return check.username + " in realm " + check.realm;
}

// Names the entry a user@domain name was checked with, when it was its user part's.
void add_entry_used(const Ha1Lookup& ha1, CredentialCheck& check) {
    if (ha1.user_part) {
        check.reason += " (the entry of " + check.username.substr(0, check.username.find('@')) +
                        ", hashed with the name as sent)";
    }
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::Valid:
            return "valid";
        case Verdict::Invalid:
            return "invalid";
        case Verdict::Unverifiable:
            return "unverifiable";
    }
    return "unverifiable";
}

CredentialCheck check_credentials(std::string_view header_value, std::string_view method,
                                  std::string_view body, const CredentialStore& store) {
    CredentialCheck check;
    check.hashed_method = std::string(method);
    const std::string_view scheme = scheme_of(header_value);
    // Basic carries the password itself (base64): it is never parsed, so never repeated.
    if (iequals(scheme, "Basic") || scheme.empty()) {
        return unverifiable(check, unverifiable_scheme_reason(scheme));
    }
    AuthParamsResult parsed = parse_auth_params(header_value);
    std::string userhash;
    const unsigned present = take_params(parsed.value, check, userhash);
    for (char& c : check.response) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    check.has_opaque = (present & kOpaque) != 0;
    if (!iequals(scheme, "Digest")) {
        return unverifiable(check, unverifiable_scheme_reason(scheme));
    }
    if ((present & kAlgorithm) == 0) {
        check.algorithm = "MD5";
    }
    if (!parsed.ok()) {
        return unverifiable(check, "malformed header: " + parsed.error);
    }
    for (std::size_t i = 0; i < kRequiredSlots; ++i) {
        if ((present & kParamSlots[i].bit) == 0) {
            return unverifiable(check,
                                "parameter " + std::string(kParamSlots[i].name) + " is missing");
        }
    }
    const std::optional<Algorithm> algorithm = parse_algorithm(check.algorithm);
    if (!algorithm) {
        return unverifiable(check, unknown_algorithm_reason(check.algorithm));
    }
    Qop qop = Qop::None;
    if ((present & kQop) != 0) {
        const std::optional<Qop> parsed_qop = parse_qop(check.qop);
        if (!parsed_qop) {
            return unverifiable(check, "qop \"" + check.qop + "\" is neither auth nor auth-int");
        }
        qop = *parsed_qop;
        if ((present & kNc) == 0 || (present & kCnonce) == 0) {
            return unverifiable(check, "qop is given but nc or cnonce is missing");
        }
    }
    if ((present & kUserhash) != 0 && iequals(userhash, "true")) {
        const std::optional<std::string> user =
            store.username_for_userhash(check.username, check.realm, algorithm->hash);
        if (!user) {
            return unverifiable(check, "userhash " + check.username +
                                           " matches no known user in realm " + check.realm);
        }
        check.username = *user;
    }
    check.well_formed = true;
    const Ha1Lookup ha1 = store.ha1(check.username, check.realm, algorithm->hash);
    if (ha1.status == Lookup::UnknownUser) {
        return unverifiable(check, "no credentials for " + whose(check));
    }
    if (ha1.status == Lookup::WrongHashFamily) {
        return unverifiable(check, "only an HA1 of another hash is known for " + whose(check) +
                                       "; " + std::string(hash_name(algorithm->hash)) +
                                       " needs the password or a " +
                                       std::string(hash_name(algorithm->hash)) + " HA1");
    }
    ResponseInput input{*algorithm, ha1.ha1,   check.nonce, check.cnonce, check.nc,
                        qop,        check.qop, method,      check.uri,    body};
    const std::string& sent = check.response;
    check.expected_response = expected_response(input);
    if (sent == check.expected_response) {
        check.verdict = Verdict::Valid;
        check.reason = "response matches the credentials of " + whose(check);
        add_entry_used(ha1, check);
        return check;
    }
    if (iequals(method, "ACK") || iequals(method, "CANCEL")) {
        input.method = "INVITE";
        const std::string as_invite = expected_response(input);
        if (sent == as_invite) {
            check.verdict = Verdict::Valid;
            check.expected_response = as_invite;
            check.hashed_method = "INVITE";
            check.reason = "response matches the credentials of " + whose(check) + "; the " +
                           std::string(method) +
                           " repeats its INVITE's credentials, hashed with method INVITE "
                           "(RFC 3261 §22.4)";
            return check;
        }
    }
    check.verdict = Verdict::Invalid;
    check.reason = "response does not match the credentials known for " + whose(check);
    add_entry_used(ha1, check);
    return check;
}

KeptCheck keep(const CredentialCheck& check, TextStore& store) {
    KeptCheck kept;
    kept.verdict = check.verdict;
    kept.reason = store.keep(check.reason);
    kept.username = store.keep(check.username);
    kept.realm = store.keep(check.realm);
    kept.algorithm = store.keep(check.algorithm);
    kept.qop = store.keep(check.qop);
    kept.nonce = store.keep(check.nonce);
    kept.response = store.keep(check.response);
    kept.cnonce = store.keep(check.cnonce);
    kept.nc = store.keep(check.nc);
    kept.uri = store.keep(check.uri);
    kept.has_opaque = check.has_opaque;
    kept.opaque = store.keep(check.opaque);
    kept.expected_response = store.keep(check.expected_response);
    kept.hashed_method = store.keep(check.hashed_method);
    kept.well_formed = check.well_formed;
    return kept;
}

}  // namespace digest
