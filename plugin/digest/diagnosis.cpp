#include "digest/diagnosis.h"

#include <functional>
#include <optional>

#include "digest/compute.h"
#include "digest/params.h"

namespace digest {
namespace {

constexpr std::string_view kMethods[] = {"INVITE",  "REGISTER",  "ACK",    "BYE",     "CANCEL",
                                         "OPTIONS", "SUBSCRIBE", "NOTIFY", "MESSAGE", "REFER",
                                         "INFO",    "UPDATE",    "PRACK",  "PUBLISH"};

constexpr std::string_view kAlgorithms[] = {"MD5",          "MD5-sess",    "SHA-256",
                                            "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"};

// The inputs as sent, and a way to try variants of them against the response sent.
class Replay {
  public:
    Replay(const AuthParams& params, const DiagnosisInput& input) : input_(input) {
        auto text = [&params](std::string_view name) {
            const std::string* value = params.find(name);
            return value ? *value : std::string();
        };
        realm_ = text("realm");
        nonce_ = text("nonce");
        cnonce_ = text("cnonce");
        nc_ = text("nc");
        qop_ = text("qop");
        uri_ = text("uri");
        response_ = ascii_lowercase(text("response"));
        const std::string* algorithm = params.find("algorithm");
        algorithm_ = parse_algorithm(algorithm ? *algorithm : "MD5");
    }

    bool usable() const { return algorithm_.has_value(); }
    Algorithm algorithm() const { return *algorithm_; }
    const std::string& realm() const { return realm_; }
    const std::string& uri() const { return uri_; }
    const std::string& nonce() const { return nonce_; }
    const std::string& nc() const { return nc_; }
    const std::string& qop() const { return qop_; }

    struct Variant {
        std::optional<Algorithm> algorithm;
        std::optional<std::string> realm;
        std::optional<std::string> nonce;
        std::optional<std::string> nc;
        std::optional<std::string> qop;  // "" = hashed without qop
        std::optional<std::string> method;
        std::optional<std::string> uri;
    };

    // Whether the response sent is what the known credentials give with this variant.
    bool reproduces(const Variant& v) const {
        const Algorithm algorithm = v.algorithm.value_or(*algorithm_);
        const std::string realm = v.realm.value_or(realm_);
        const Ha1Lookup ha1 = input_.store->ha1(input_.username, realm, algorithm.hash);
        if (ha1.status != Lookup::Found) {
            return false;
        }
        const std::string qop_text = v.qop.value_or(qop_);
        const std::optional<Qop> qop = qop_text.empty() ? Qop::None : parse_qop(qop_text);
        const std::string nonce = v.nonce.value_or(nonce_);
        const std::string nc = v.nc.value_or(nc_);
        const std::string method = v.method.value_or(std::string(input_.method));
        const std::string uri = v.uri.value_or(uri_);
        ResponseInput in{algorithm, ha1.ha1, nonce, cnonce_,    nc, qop.value_or(Qop::Auth),
                         qop_text,  method,  uri,   input_.body};
        return expected_response(in) == response_;
    }

    const DiagnosisInput& input() const { return input_; }

  private:
    const DiagnosisInput& input_;
    std::optional<Algorithm> algorithm_;
    std::string realm_, nonce_, cnonce_, nc_, qop_, uri_, response_;
};

using Check = std::function<std::optional<Cause>(const Replay&)>;
using Variant = Replay::Variant;

template <typename T>
Variant with(std::optional<T> Variant::*member, T value) {
    Variant variant;
    variant.*member = std::move(value);
    return variant;
}

std::optional<Cause> uri_differs(const Replay& r) {
    const std::string request_uri(r.input().request_uri);
    if (request_uri.empty() || request_uri == r.uri() ||
        !r.reproduces(with(&Variant::uri, request_uri))) {
        return std::nullopt;
    }
    return Cause{"uri-mismatch", "the client hashed the Request-URI " + request_uri +
                                     ", not the uri parameter " + r.uri() + " it sent"};
}

std::optional<Cause> realm_differs(const Replay& r) {
    std::vector<std::string> realms;
    if (!r.input().nonce.challenge_realm.empty()) {
        realms.push_back(r.input().nonce.challenge_realm);
    }
    for (std::string& realm : r.input().store->realms_of(r.input().username)) {
        realms.push_back(std::move(realm));
    }
    for (const std::string& realm : realms) {
        if (realm != r.realm() && r.reproduces(with(&Variant::realm, realm))) {
            return Cause{
                "realm-mismatch",
                "the client hashed realm \"" + realm + "\" but sent realm=\"" + r.realm() + "\"" +
                    (realm == r.input().nonce.challenge_realm ? " (the challenge's realm)" : "")};
        }
    }
    return std::nullopt;
}

std::optional<Cause> method_differs(const Replay& r) {
    for (std::string_view method : kMethods) {
        if (!iequals(method, r.input().method) &&
            r.reproduces(with(&Variant::method, std::string(method)))) {
            return Cause{"method-mismatch", "the client hashed method " + std::string(method) +
                                                " for this " + std::string(r.input().method)};
        }
    }
    return std::nullopt;
}

std::optional<Cause> qop_mishandled(const Replay& r) {
    const std::string& offered = r.input().nonce.challenge_qop;
    if (!r.qop().empty() && offered.find(',') != std::string::npos &&
        r.reproduces(with(&Variant::qop, offered))) {
        return Cause{"qop-list", "the client hashed the challenge's whole qop list \"" + offered +
                                     "\" instead of the one value qop=" + r.qop()};
    }
    if (!r.qop().empty() && r.reproduces(with(&Variant::qop, std::string()))) {
        return Cause{"qop-ignored", "the client sent qop=" + r.qop() +
                                        " but hashed without qop, nc and cnonce (RFC 2069 style)"};
    }
    if (!r.nc().empty() && r.reproduces(with(&Variant::nc, "\"" + r.nc() + "\""))) {
        return Cause{"nc-quoted", "the client hashed nc with its quotes (\"" + r.nc() +
                                      "\"); nc is an unquoted value"};
    }
    return std::nullopt;
}

std::optional<Cause> algorithm_differs(const Replay& r) {
    for (std::string_view name : kAlgorithms) {
        const Algorithm algorithm = *parse_algorithm(name);
        if (algorithm == r.algorithm()) {
            continue;
        }
        if (r.reproduces(with(&Variant::algorithm, algorithm))) {
            return Cause{"algorithm-mismatch", "the client hashed with " + std::string(name) +
                                                   " but declared algorithm " +
                                                   algorithm_name(r.algorithm())};
        }
    }
    return std::nullopt;
}

std::optional<Cause> older_nonce(const Replay& r) {
    for (const std::string& nonce : r.input().nonce.older_nonces) {
        if (nonce != r.nonce() && r.reproduces(with(&Variant::nonce, nonce))) {
            return Cause{"stale-nonce", "the client hashed an older nonce " + nonce +
                                            " of this call but sent nonce " + r.nonce()};
        }
    }
    return std::nullopt;
}

// Not reproduced by any hash, but a mistake the server will reject whatever the password.
std::optional<Cause> answered_other_realm(const Replay& r) {
    const std::string& challenge_realm = r.input().nonce.challenge_realm;
    if (challenge_realm.empty() || challenge_realm == r.realm()) {
        return std::nullopt;
    }
    return Cause{"realm-mismatch", "the client answered with realm=\"" + r.realm() +
                                       "\", not the challenge's realm \"" + challenge_realm + "\""};
}

}  // namespace

Cause diagnose(const DiagnosisInput& input) {
    const AuthParamsResult parsed = parse_auth_params(input.header_value);
    const Replay replay(parsed.value, input);
    if (replay.usable() && input.store != nullptr) {
        for (const Check& check : {Check(uri_differs), Check(realm_differs), Check(method_differs),
                                   Check(qop_mishandled), Check(algorithm_differs),
                                   Check(older_nonce), Check(answered_other_realm)}) {
            if (std::optional<Cause> cause = check(replay)) {
                return *cause;
            }
        }
    }
    if (!input.nonce.issued) {
        return Cause{"foreign-nonce",
                     "no known mistake reproduces the response, and its nonce was never issued "
                     "in this capture: replayed or foreign credentials, or a wrong password"};
    }
    return Cause{"wrong-password",
                 "no known client mistake reproduces the response: the password differs"};
}

}  // namespace digest
