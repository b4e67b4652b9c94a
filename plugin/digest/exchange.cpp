#include "digest/exchange.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "digest/compute.h"
#include "digest/diagnosis.h"

#include "digest/params.h"

namespace digest {
namespace {

void append_number(std::string& key, std::uint32_t number) {
    char digits[16];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    key.append(digits, static_cast<std::size_t>(end - digits));
}

// The keys below are built in one reused string: `key` is overwritten.
std::string_view transaction_key(std::string& key, const SipMessage& message) {
    key.clear();
    key.append(message.call_id).push_back('\n');
    append_number(key, message.cseq_number);
    key.push_back('\n');
    key.append(message.cseq_method).push_back('\n');
    key.append(message.top_via_branch);
    return key;
}

std::string_view call_and_cseq(std::string& key, const SipMessage& message) {
    key.assign(message.call_id).push_back('\n');
    append_number(key, message.cseq_number);
    return key;
}

std::string_view joined(std::string& key, std::string_view first, std::string_view second) {
    key.assign(first).push_back('\n');
    key.append(second);
    return key;
}

bool is_credentials(AuthHeaderKind kind) {
    return kind == AuthHeaderKind::Authorization || kind == AuthHeaderKind::ProxyAuthorization;
}

bool is_challenge(AuthHeaderKind kind) {
    return kind == AuthHeaderKind::WwwAuthenticate || kind == AuthHeaderKind::ProxyAuthenticate;
}

// The unit in which one nc value may be used: one request, whatever carries it again — its
// retransmissions, its copies forwarded by proxies (another top Via), and for an INVITE the
// CANCEL and the ACK for its 2xx (same CSeq number, RFC 3261 §22.4).
std::string_view nonce_use_key(std::string& key, const SipMessage& request) {
    return call_and_cseq(key, request);
}

bool is_rejection(unsigned status) {
    return status == 401 || status == 403 || status == 407;
}

// Whether the final response contradicts our verdict on one of the request's credentials.
// With several credentials (several realms), only the one the server could have used counts.
struct RequestVerdicts {
    bool any_valid = false;  // among all the credentials of own's request
    bool any_invalid = false;
};

// Whether one of the answer's challenges for `own`'s realm issues another nonce than the one
// `own` used.
bool issues_new_nonce(const CredentialResult& own, Span<ChallengeResult> challenges) {
    return std::any_of(challenges.begin(), challenges.end(), [&own](const ChallengeResult& c) {
        return c.realm == own.check.realm && c.nonce != own.check.nonce;
    });
}

// `nonce_retired`: the answer refuses the nonce of a valid response with a new one, after a 2xx
// had accepted it: the server retired it without saying stale=true, and refuses the nonce, not
// the password. A valid response whose nc does not rise (a replay among them) is refused by any
// server that checks nonce counts (RFC 7616 §3.4), whatever its status: no disagreement either.
std::string disagreement(RequestVerdicts request, const CredentialResult& own,
                         const SipMessage& answer, Span<ChallengeResult> challenges,
                         bool nonce_retired) {
    const Verdict verdict = own.check.verdict;
    const unsigned status = answer.status;
    // With qop=auth-int the server's own hashing of the body is a second suspect: some servers
    // offer auth-int and cannot verify it (kamailio 5.6 refuses every such response).
    const bool auth_int = iequals(own.check.qop, "auth-int");
    if (status >= 200 && status < 300 && verdict == Verdict::Invalid && !request.any_valid) {
        return "the server accepted (" + std::to_string(status) +
               ") a response that does not match the known credentials: its password or realm "
               "for " +
               std::string(own.check.username) + " differs from yours" +
               (auth_int ? ", or it does not check the body that qop=auth-int covers" : "");
    }
    if (!is_rejection(status) || verdict != Verdict::Valid || own.nc_not_increasing) {
        return {};
    }
    if (status == 403) {
        if (request.any_invalid) {
            return {};
        }
    } else {
        const bool stale = std::any_of(challenges.begin(), challenges.end(),
                                       [](const ChallengeResult& c) { return c.stale; });
        const bool other_realm =
            !challenges.empty() &&
            std::none_of(challenges.begin(), challenges.end(),
                         [&own](const ChallengeResult& c) { return c.realm == own.check.realm; });
        if (stale || other_realm || nonce_retired) {
            return {};
        }
    }
    // A 403 may also refuse what the request asks for (a barred call, an address not allowed)
    // after the credentials passed: its reason phrase often says which.
    std::string answered = std::to_string(status);
    if (!answer.reason.empty()) {
        answered += " " + std::string(answer.reason);
    }
    return "the server rejected (" + answered +
           ") a response that matches the known credentials: its password or realm for " +
           std::string(own.check.username) + " differs from yours" +
           (auth_int ? ", or it cannot verify qop=auth-int (the body's hash)" : "") +
           (status == 403 ? ", or it refuses the request for another reason than the credentials"
                          : "");
}

}  // namespace

Exchange::Exchange(const CredentialStore& store) : store_(store) {}

void Exchange::reset() {
    messages_ = {};
    credentials_ = {};
    challenges_ = {};
    answers_ = {};
    texts_.clear();
    indexes_ = Indexes(texts_);
}

std::optional<FrameResult> Exchange::frame(FrameNumber frame) const {
    const auto first = std::lower_bound(
        messages_.begin(), messages_.end(), frame,
        [](const StoredMessage& stored, FrameNumber wanted) { return stored.frame < wanted; });
    auto last = first;
    while (last != messages_.end() && last->frame == frame) {
        ++last;
    }
    if (first == last) {
        return std::nullopt;
    }
    return FrameResult{
        FrameMessages(this, Span<StoredMessage>(&*first, static_cast<std::size_t>(last - first)))};
}

MessageResult Exchange::message(const StoredMessage& stored) const {
    return {
        Span<CredentialResult>(credentials_.data() + stored.first_credential,
                               stored.credential_count),
        Span<ChallengeResult>(challenges_.data() + stored.first_challenge, stored.challenge_count),
        Span<AnswerResult>(answers_.data() + stored.first_answer, stored.answer_count),
        stored.rspauth, stored.rspauth_reason};
}

MessageResult FrameMessages::Iterator::operator*() const {
    return exchange_->message(*at_);
}

bool Exchange::add_message(FrameNumber frame, std::string_view bytes) {
    // Most messages leave no trace in the tracker: those are told apart without parsing them.
    switch (triage_sip_message(bytes)) {
        case SipTriage::NotSip:
            return false;
        case SipTriage::Skip:
            return true;
        case SipTriage::Parse:
            break;
    }
    const SipMessageResult parsed = parse_sip_message(bytes);
    if (!parsed.ok()) {
        return false;
    }
    const SipMessage& message = parsed.value;
    if (!messages_.empty() && frame < messages_.back().frame) {
        return false;  // out of order: the binary search over messages_ relies on the order
    }
    Pending pending{frame,
                    static_cast<std::uint32_t>(messages_.size()),
                    credentials_.size(),
                    challenges_.size(),
                    answers_.size(),
                    RspauthVerdict::None,
                    {}};
    try {
        if (message.is_request) {
            add_request(message, pending);
        } else {
            add_challenges(message, pending);
            add_answer(message, pending);
        }
    } catch (...) {
        // Out of memory half way: nothing of this message stays (indexes check their bounds).
        credentials_.resize(pending.first_credential);
        challenges_.resize(pending.first_challenge);
        answers_.resize(pending.first_answer);
        throw;
    }
    StoredMessage stored;
    stored.frame = frame;
    stored.first_credential = static_cast<std::uint32_t>(pending.first_credential);
    stored.credential_count =
        static_cast<std::uint32_t>(credentials_.size() - pending.first_credential);
    stored.first_challenge = static_cast<std::uint32_t>(pending.first_challenge);
    stored.challenge_count =
        static_cast<std::uint32_t>(challenges_.size() - pending.first_challenge);
    stored.first_answer = static_cast<std::uint32_t>(pending.first_answer);
    stored.answer_count = static_cast<std::uint32_t>(answers_.size() - pending.first_answer);
    stored.rspauth = pending.rspauth;
    stored.rspauth_reason = pending.rspauth_reason;
    // Most messages leave nothing to store.
    if (stored.credential_count != 0 || stored.challenge_count != 0 || stored.answer_count != 0 ||
        stored.rspauth != RspauthVerdict::None) {
        messages_.push_back(stored);
    }
    return true;
}

void Exchange::add_request(const SipMessage& request, Pending& pending) {
    for (const AuthHeader& header : request.auth_headers) {
        if (!is_credentials(header.kind)) {
            continue;
        }
        CredentialCheck check =
            check_credentials(header.value, request.method, request.body, store_);
        CredentialResult credential;
        credential.frame = pending.frame;
        credential.message = pending.message;
        credential.header = header.kind;
        link_challenge(request, check, credential);
        track_nonce_use(request, check, credential);
        inherit_invite_verdict(pending.frame, request, check);
        credential.cause =
            diagnose_invalid(request, header.value, check, credential.challenge_frame);
        credential.weak_rule = audit_weak(request, check);
        credential.check = keep(check, texts_);
        credentials_.push_back(credential);
    }
    if (credentials_.size() == pending.first_credential) {
        return;
    }
    const auto append_ours = [&](Chain& chain, std::uint32_t CredentialResult::*next) {
        for (std::size_t i = pending.first_credential; i < credentials_.size(); ++i) {
            append(chain, static_cast<std::uint32_t>(i), next);
        }
    };
    if (iequals(request.method, "INVITE")) {
        append_ours(indexes_.invite_credentials.entry(call_and_cseq(key_, request)),
                    &CredentialResult::next_invite_);
    }
    append_ours(indexes_.awaiting_answer.entry(transaction_key(key_, request)),
                &CredentialResult::next_awaiting_);
}

void Exchange::append(Chain& chain, std::uint32_t credential,
                      std::uint32_t CredentialResult::*next) {
    credentials_[credential].*next = kNone;
    // A chain whose last link was rolled back (see add_message) starts again.
    if (chain.first == kNone || chain.last >= credentials_.size()) {
        chain.first = credential;
    } else {
        credentials_[chain.last].*next = credential;
    }
    chain.last = credential;
}

// The challenge whose nonce the credentials use: the latest in the same call (among its last
// few nonces), else the latest anywhere; and whether a stale=true answer retired the nonce.
void Exchange::link_challenge(const SipMessage& request, const CredentialCheck& check,
                              CredentialResult& credential) {
    std::uint32_t index = kNone;
    if (const CallRecord* call = indexes_.calls.find(request.call_id)) {
        for (std::uint32_t k = call->count; k-- > 0 && index == kNone;) {
            const std::uint32_t at = call->challenges[k];
            if (at < challenges_.size() && challenges_[at].nonce == check.nonce) {
                index = at;
            }
        }
    }
    const NonceRecord* nonce = indexes_.nonces.find(check.nonce);
    if (nonce == nullptr) {
        return;
    }
    if (index == kNone) {
        index = nonce->latest_challenge;
    }
    if (nonce->retired != 0 && nonce->retired <= credential.frame) {
        credential.stale_nonce_frame = nonce->retired;
    }
    if (index >= challenges_.size()) {
        return;
    }
    ChallengeResult& issued = challenges_[index];
    credential.challenge_frame = issued.frame;
    issued.responses_.push_back(credential.frame, texts_);
    if (issued.has_opaque) {
        credential.opaque_mismatch = !check.has_opaque || check.opaque != issued.opaque;
    }
}

// An ACK or CANCEL may repeat its INVITE's credentials verbatim (RFC 3261 §22.4). With
// qop=auth-int those were hashed over the INVITE's body, so recomputing them for the ACK cannot
// work: when the INVITE is in the capture, the repeated credentials take its verdict.
void Exchange::inherit_invite_verdict(FrameNumber frame, const SipMessage& request,
                                      CredentialCheck& check) {
    if (check.verdict != Verdict::Invalid ||
        !(iequals(request.method, "ACK") || iequals(request.method, "CANCEL"))) {
        return;
    }
    const Chain* invites = indexes_.invite_credentials.find(call_and_cseq(key_, request));
    if (invites == nullptr) {
        return;
    }
    for (std::uint32_t index = invites->first; index < credentials_.size();
         index = credentials_[index].next_invite_) {
        const CredentialResult& invite = credentials_[index];
        if (invite.frame <= frame && invite.check.verdict == Verdict::Valid &&
            invite.check.response == check.response) {
            check.verdict = Verdict::Valid;
            check.hashed_method = "INVITE";
            check.expected_response = std::string(invite.check.expected_response);
            check.reason = "the " + std::string(request.method) +
                           " repeats the credentials of the INVITE in frame " +
                           std::to_string(invite.frame) + ", which match those of " +
                           std::string(invite.check.username) + " in realm " +
                           std::string(invite.check.realm) + " (RFC 3261 §22.4)";
            return;
        }
    }
}

// Per nonce and cnonce, nc must grow from one transaction to the next (RFC 7616 §3.4);
// a retransmission repeats its own transaction's nc and is not a replay.
void Exchange::track_nonce_use(const SipMessage& request, const CredentialCheck& check,
                               CredentialResult& credential) {
    if (check.nonce.empty() || check.nc.empty()) {
        return;
    }
    std::uint64_t nc = 0;
    const auto [end, error] =
        std::from_chars(check.nc.data(), check.nc.data() + check.nc.size(), nc, 16);
    if (error != std::errc() || end != check.nc.data() + check.nc.size()) {
        return;
    }
    ArenaArray<NonceUse>& uses = indexes_.nonce_uses.entry(joined(key_, check.nonce, check.cnonce));
    const std::string_view transaction = nonce_use_key(key_, request);
    const auto seen =
        std::lower_bound(uses.begin(), uses.end(), nc,
                         [](const NonceUse& use, std::uint64_t value) { return use.nc < value; });
    if (seen != uses.end() && seen->nc == nc) {
        if (seen->transaction != transaction) {
            credential.replay = true;
            credential.nc_not_increasing = true;
        }
        return;
    }
    if (seen != uses.end()) {
        credential.nc_not_increasing = true;  // a higher nc was used before
    }
    uses.insert(static_cast<std::size_t>(seen - uses.begin()),
                NonceUse{nc, texts_.keep(transaction)}, texts_);
}

// rspauth (RFC 2617 §3.2.3): the response digest with an empty method, proving the server knows
// the password too.
void Exchange::check_rspauth(const AuthParams& info, const SipMessage& response,
                             const CredentialResult& credential, Pending& pending) {
    const std::string* rspauth = info.find("rspauth");
    if (rspauth == nullptr) {
        return;
    }
    const KeptCheck& check = credential.check;
    const std::optional<Algorithm> algorithm = parse_algorithm(check.algorithm);
    const Ha1Lookup ha1 =
        algorithm ? store_.ha1(check.username, check.realm, algorithm->hash) : Ha1Lookup{};
    if (ha1.status != Lookup::Found) {
        pending.rspauth = RspauthVerdict::Unverifiable;
        pending.rspauth_reason =
            texts_.keep("no usable credentials for " + std::string(check.username) + " in realm " +
                        std::string(check.realm));
        return;
    }
    const std::string* qop = info.find("qop");
    const std::string* nc = info.find("nc");
    const std::string* cnonce = info.find("cnonce");
    const std::string_view qop_text = qop ? std::string_view(*qop) : check.qop.view();
    ResponseInput input{*algorithm,
                        ha1.ha1,
                        check.nonce,
                        cnonce ? std::string_view(*cnonce) : check.cnonce.view(),
                        nc ? std::string_view(*nc) : check.nc.view(),
                        qop_text.empty() ? Qop::None : parse_qop(qop_text).value_or(Qop::Auth),
                        qop_text,
                        "",
                        check.uri,
                        response.body};
    const bool valid = expected_response(input) == ascii_lowercase(*rspauth);
    pending.rspauth = valid ? RspauthVerdict::Valid : RspauthVerdict::Invalid;
    pending.rspauth_reason =
        texts_.keep(valid ? "the server knows the credentials of " + std::string(check.username)
                          : "rspauth does not match the credentials of " +
                                std::string(check.username) + ": the server's password differs");
}

// Authentication-Info nextnonce= issues the nonce for the client's next request.
void Exchange::issue_nextnonce(const AuthParams& info, const SipMessage& response,
                               const CredentialResult& credential, Pending& pending) {
    const std::string* nextnonce = info.find("nextnonce");
    if (nextnonce == nullptr || nextnonce->empty()) {
        return;
    }
    ChallengeResult issued;
    issued.frame = pending.frame;
    issued.header = AuthHeaderKind::AuthenticationInfo;
    issued.nonce = texts_.keep(*nextnonce);
    issued.realm = credential.check.realm;
    issued.algorithm = credential.check.algorithm;
    issued.qop = credential.check.qop;
    issue(issued, response.call_id);
}

// Records a nonce the server issued (a challenge or a nextnonce) where the requests that use
// it will look for it.
void Exchange::issue(const ChallengeResult& challenge, std::string_view call_id) {
    const auto index = static_cast<std::uint32_t>(challenges_.size());
    challenges_.push_back(challenge);
    indexes_.nonces.entry(challenge.nonce).latest_challenge = index;
    remember_in_call(call_id, index);
}

void Exchange::remember_in_call(std::string_view call_id, std::uint32_t challenge) {
    CallRecord& call = indexes_.calls.entry(call_id);
    const KeptText& nonce = challenges_[challenge].nonce;
    for (std::uint32_t k = 0; k < call.count; ++k) {
        if (call.challenges[k] < challenges_.size() &&
            challenges_[call.challenges[k]].nonce == nonce) {
            call.challenges[k] = challenge;
            return;
        }
    }
    if (call.count == kNoncesPerCall) {
        std::copy(call.challenges + 1, call.challenges + kNoncesPerCall, call.challenges);
        --call.count;
    }
    call.challenges[call.count++] = challenge;
}

KeptText Exchange::audit_weak(const SipMessage& request, const CredentialCheck& check) {
    if (audit_ == nullptr || !check.well_formed) {
        return {};
    }
    const std::optional<Algorithm> algorithm = parse_algorithm(check.algorithm);
    const std::optional<Qop> qop = check.qop.empty() ? Qop::None : parse_qop(check.qop);
    if (!algorithm || !qop) {
        return {};
    }
    if (check.verdict == Verdict::Valid) {
        const Ha1Lookup known = store_.ha1(check.username, check.realm, algorithm->hash);
        if (known.password != nullptr) {
            const std::optional<std::string> rule =
                audit_->audit_known(check.username, *known.password);
            return rule ? texts_.keep(*rule) : KeptText();
        }
    }
    AuditInput input;
    input.username = check.username;
    input.realm = check.realm;
    input.request =
        ResponseInput{*algorithm, "",        check.nonce,    check.cnonce, check.nc,
                      *qop,       check.qop, request.method, check.uri,    request.body};
    input.response = check.response;
    const std::optional<std::string> rule = audit_->audit(input);
    return rule ? texts_.keep(*rule) : KeptText();
}

KeptCause Exchange::diagnose_invalid(const SipMessage& request, std::string_view header_value,
                                     const CredentialCheck& check, FrameNumber challenge_frame) {
    if (check.verdict != Verdict::Invalid) {
        return {};
    }
    DiagnosisInput input;
    input.header_value = header_value;
    input.method = request.method;
    input.request_uri = request.request_uri;
    input.body = request.body;
    input.username = check.username;
    input.store = &store_;
    input.nonce.issued = challenge_frame != 0;
    const NonceRecord* nonce = indexes_.nonces.find(check.nonce);
    if (nonce != nullptr && nonce->latest_challenge < challenges_.size()) {
        const ChallengeResult& issued = challenges_[nonce->latest_challenge];
        input.nonce.challenge_realm = std::string(issued.realm);
        input.nonce.challenge_qop = std::string(issued.qop);
    }
    if (const CallRecord* call = indexes_.calls.find(request.call_id)) {
        for (std::uint32_t k = call->count; k-- > 0;) {
            if (call->challenges[k] < challenges_.size()) {
                input.nonce.older_nonces.emplace_back(challenges_[call->challenges[k]].nonce);
            }
        }
    }
    const Cause cause = diagnose(input);
    return {texts_.keep(cause.key), texts_.keep(cause.sentence)};
}

void Exchange::add_challenges(const SipMessage& response, Pending& pending) {
    if (response.status != 401 && response.status != 407) {
        return;
    }
    for (const AuthHeader& header : response.auth_headers) {
        if (!is_challenge(header.kind)) {
            continue;
        }
        const AuthParamsResult parsed = parse_auth_params(header.value);
        const AuthParams& params = parsed.value;
        const std::string* nonce = params.find("nonce");
        if (!iequals(params.scheme, "Digest") || nonce == nullptr) {
            continue;
        }
        const auto kept = [this, &params](std::string_view name, std::string_view absent) {
            const std::string* value = params.find(name);
            return texts_.keep(value ? std::string_view(*value) : absent);
        };
        ChallengeResult challenge;
        challenge.frame = pending.frame;
        challenge.header = header.kind;
        challenge.nonce = texts_.keep(*nonce);
        challenge.realm = kept("realm", "");
        challenge.algorithm = kept("algorithm", "MD5");
        challenge.qop = kept("qop", "");
        challenge.has_opaque = params.find("opaque") != nullptr;
        challenge.opaque = kept("opaque", "");
        const std::string* stale = params.find("stale");
        challenge.stale = stale != nullptr && iequals(*stale, "true");
        issue(challenge, response.call_id);
    }
}

void Exchange::add_answer(const SipMessage& response, Pending& pending) {
    if (response.status < 200) {
        return;
    }
    const Chain* found = indexes_.awaiting_answer.find(transaction_key(key_, response));
    if (found == nullptr) {
        return;
    }
    const Chain waiting = *found;
    indexes_.awaiting_answer.erase(key_);
    const bool success = response.status >= 200 && response.status < 300;
    const Span<ChallengeResult> challenges(challenges_.data() + pending.first_challenge,
                                           challenges_.size() - pending.first_challenge);
    const auto next = [this](std::uint32_t index) {
        return index < credentials_.size() ? credentials_[index].next_awaiting_ : kNone;
    };
    // The credentials of one request are consecutive in the chain (several with several realms,
    // more with the request's retransmissions): take them run by run.
    for (std::uint32_t run = waiting.first; run < credentials_.size();) {
        const std::uint32_t message = credentials_[run].message;
        RequestVerdicts request;
        std::uint32_t after = run;
        for (; after < credentials_.size() && credentials_[after].message == message;
             after = next(after)) {
            request.any_valid |= credentials_[after].check.verdict == Verdict::Valid;
            request.any_invalid |= credentials_[after].check.verdict == Verdict::Invalid;
        }
        for (std::uint32_t index = run; index != after; index = next(index)) {
            CredentialResult& own = credentials_[index];
            own.answer_frame = pending.frame;
            own.answer_status = response.status;
            bool retired = false;
            if (success) {
                if (!own.check.nonce.empty()) {
                    indexes_.nonces.entry(own.check.nonce).accepted = pending.frame;
                }
            } else if (own.check.verdict == Verdict::Valid && !own.nc_not_increasing &&
                       issues_new_nonce(own, challenges)) {
                // Only a 401/407 carries challenges; a refused nc explains the refusal.
                const NonceRecord* nonce = indexes_.nonces.find(own.check.nonce);
                retired = nonce != nullptr && nonce->accepted != 0;
                own.nonce_accepted_frame = retired ? nonce->accepted : 0;
            }
            own.disagreement =
                texts_.keep(disagreement(request, own, response, challenges, retired));
            own.server_disagrees = !own.disagreement.empty();
            answers_.push_back({own.frame, own.check.verdict, own.check.username, own.check.realm,
                                own.server_disagrees, own.disagreement});
        }
        run = after;
    }
    const bool stale = std::any_of(challenges.begin(), challenges.end(),
                                   [](const ChallengeResult& c) { return c.stale; });
    for (std::uint32_t index = waiting.first; stale && index < credentials_.size();
         index = next(index)) {
        CredentialResult& credential = credentials_[index];
        credential.answered_stale = true;
        NonceRecord& nonce = indexes_.nonces.entry(credential.check.nonce);
        if (nonce.retired == 0) {
            nonce.retired = pending.frame;
        }
    }
    if (success && waiting.first < credentials_.size()) {
        const CredentialResult& first = credentials_[waiting.first];
        bool first_info = true;
        for (const AuthHeader& header : response.auth_headers) {
            if (header.kind != AuthHeaderKind::AuthenticationInfo) {
                continue;
            }
            const AuthParams info = parse_auth_params(header.value, false).value;
            if (first_info) {
                check_rspauth(info, response, first, pending);
                first_info = false;
            }
            issue_nextnonce(info, response, first, pending);
        }
    }
}

}  // namespace digest
