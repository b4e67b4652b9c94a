#include "digest/exchange.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "digest/compute.h"

#include "digest/params.h"

namespace digest {
namespace {

std::string transaction_key(const SipMessage& message) {
    std::string key;
    key.reserve(message.call_id.size() + message.cseq_method.size() +
                message.top_via_branch.size() + 16);
    key.append(message.call_id).push_back('\n');
    key.append(std::to_string(message.cseq_number)).push_back('\n');
    key.append(message.cseq_method).push_back('\n');
    key.append(message.top_via_branch);
    return key;
}

std::string call_and_cseq(const SipMessage& message) {
    std::string key(message.call_id);
    key.push_back('\n');
    key.append(std::to_string(message.cseq_number));
    return key;
}

std::string nonce_in_call(std::string_view nonce, std::string_view call_id) {
    std::string key(nonce);
    key.push_back('\n');
    key.append(call_id);
    return key;
}

bool is_credentials(AuthHeaderKind kind) {
    return kind == AuthHeaderKind::Authorization || kind == AuthHeaderKind::ProxyAuthorization;
}

bool is_challenge(AuthHeaderKind kind) {
    return kind == AuthHeaderKind::WwwAuthenticate || kind == AuthHeaderKind::ProxyAuthenticate;
}

void remember_nonce_of_call(std::vector<std::string>& nonces, const std::string& nonce) {
    static constexpr std::size_t kKept = 4;
    if (std::find(nonces.begin(), nonces.end(), nonce) != nonces.end()) {
        return;
    }
    if (nonces.size() == kKept) {
        nonces.erase(nonces.begin());
    }
    nonces.push_back(nonce);
}

// The unit in which one nc value may be used: one request, whatever carries it again — its
// retransmissions, its copies forwarded by proxies (another top Via), and for an INVITE the
// CANCEL and the ACK for its 2xx (same CSeq number, RFC 3261 §22.4).
std::string nonce_use_key(const SipMessage& request) {
    return call_and_cseq(request);
}

bool is_rejection(unsigned status) {
    return status == 401 || status == 403 || status == 407;
}

// Whether the final response contradicts our verdict on one of the request's credentials.
// With several credentials (several realms), only the one the server could have used counts.
std::string disagreement(const std::vector<CredentialResult*>& request, const CredentialResult& own,
                         const SipMessage& answer, const MessageResult& answer_result) {
    const Verdict verdict = own.check.verdict;
    const auto any = [&request](Verdict wanted) {
        return std::any_of(request.begin(), request.end(), [wanted](const CredentialResult* c) {
            return c->check.verdict == wanted;
        });
    };
    const unsigned status = answer.status;
    if (status >= 200 && status < 300 && verdict == Verdict::Invalid && !any(Verdict::Valid)) {
        return "the server accepted (" + std::to_string(status) +
               ") a response that does not match the known credentials: its password or realm "
               "for " +
               own.check.username + " differs from yours";
    }
    if (!is_rejection(status) || verdict != Verdict::Valid) {
        return {};
    }
    if (status == 403) {
        if (any(Verdict::Invalid)) {
            return {};
        }
    } else {
        const auto& challenges = answer_result.challenges;
        const bool stale = std::any_of(challenges.begin(), challenges.end(),
                                       [](const ChallengeResult& c) { return c.stale; });
        const bool other_realm =
            !challenges.empty() &&
            std::none_of(challenges.begin(), challenges.end(),
                         [&own](const ChallengeResult& c) { return c.realm == own.check.realm; });
        if (stale || other_realm) {
            return {};
        }
    }
    return "the server rejected (" + std::to_string(status) +
           ") a response that matches the known credentials: its password or realm for " +
           own.check.username + " differs from yours";
}

}  // namespace

void Exchange::reset() {
    frames_ = {};
    nonce_uses_.clear();
    retired_nonces_.clear();
    nonces_of_call_.clear();
    invite_credentials_.clear();
    latest_challenge_.clear();
    latest_challenge_in_call_.clear();
    awaiting_answer_.clear();
}

namespace {

template <typename Frames>
auto find_frame(Frames& frames, FrameNumber frame) {
    const auto at = std::lower_bound(frames.begin(), frames.end(), frame,
                                     [](const std::pair<FrameNumber, FrameResult>& stored,
                                        FrameNumber wanted) { return stored.first < wanted; });
    return at != frames.end() && at->first == frame ? at : frames.end();
}

}  // namespace

const FrameResult* Exchange::frame(FrameNumber frame) const {
    const auto found = find_frame(frames_, frame);
    return found == frames_.end() ? nullptr : &found->second;
}

// Only for frames known to hold results (the references below point into them).
FrameResult& Exchange::stored(FrameNumber frame) {
    return find_frame(frames_, frame)->second;
}

CredentialResult& Exchange::credential(const CredentialRef& ref) {
    return stored(ref.frame).messages[ref.message].credentials[ref.index];
}

ChallengeResult& Exchange::challenge(const ChallengeRef& ref) {
    return stored(ref.frame).messages[ref.message].challenges[ref.index];
}

bool Exchange::add_message(FrameNumber frame, std::string_view bytes) {
    const SipMessageResult parsed = parse_sip_message(bytes);
    if (!parsed.ok()) {
        return false;
    }
    const SipMessage& message = parsed.value;
    // Most messages leave nothing to store: build the result aside and keep it only if not empty.
    if (!frames_.empty() && frame < frames_.back().first) {
        return false;  // out of order: the binary search over frames_ relies on the order
    }
    const bool frame_stored = !frames_.empty() && frames_.back().first == frame;
    const auto message_index =
        static_cast<std::uint32_t>(frame_stored ? frames_.back().second.messages.size() : 0);
    MessageResult result;
    if (message.is_request) {
        add_request(frame, message, result, message_index);
    } else {
        add_challenges(frame, message, result, message_index);
        add_answer(frame, message, result, message_index);
    }
    if (!result.empty()) {
        if (!frame_stored) {
            frames_.emplace_back(frame, FrameResult{});
        }
        frames_.back().second.messages.push_back(std::move(result));
    }
    return true;
}

void Exchange::add_request(FrameNumber frame, const SipMessage& request, MessageResult& result,
                           std::uint32_t message_index) {
    std::vector<CredentialRef> refs;
    for (const AuthHeader& header : request.auth_headers) {
        if (!is_credentials(header.kind)) {
            continue;
        }
        CredentialResult credential;
        credential.header = header.kind;
        credential.check = check_credentials(header.value, request.method, request.body, store_);
        const auto in_call =
            latest_challenge_in_call_.find(nonce_in_call(credential.check.nonce, request.call_id));
        const auto any_call = latest_challenge_.find(credential.check.nonce);
        if (in_call != latest_challenge_in_call_.end()) {
            credential.challenge_frame = in_call->second.frame;
            challenge(in_call->second).response_frames.push_back(frame);
        } else if (any_call != latest_challenge_.end()) {
            credential.challenge_frame = any_call->second.frame;
            challenge(any_call->second).response_frames.push_back(frame);
        }
        const ChallengeResult* issued = nullptr;
        if (in_call != latest_challenge_in_call_.end()) {
            issued = &challenge(in_call->second);
        } else if (any_call != latest_challenge_.end()) {
            issued = &challenge(any_call->second);
        }
        if (issued != nullptr && issued->has_opaque) {
            credential.opaque_mismatch =
                !credential.check.has_opaque || credential.check.opaque != issued->opaque;
        }
        const auto retired = retired_nonces_.find(credential.check.nonce);
        if (retired != retired_nonces_.end() && retired->second <= frame) {
            credential.stale_nonce_frame = retired->second;
        }
        track_nonce_use(nonce_use_key(request), credential);
        inherit_invite_verdict(frame, request, credential);
        diagnose_invalid(request, header.value, credential);
        audit_weak(request, credential);
        refs.push_back(
            {frame, message_index, static_cast<std::uint32_t>(result.credentials.size())});
        result.credentials.push_back(std::move(credential));
    }
    if (iequals(request.method, "INVITE") && !refs.empty()) {
        auto& invites = invite_credentials_[call_and_cseq(request)];
        invites.insert(invites.end(), refs.begin(), refs.end());
    }
    if (!refs.empty()) {
        auto& waiting = awaiting_answer_[transaction_key(request)];
        waiting.insert(waiting.end(), refs.begin(), refs.end());
    }
}

// An ACK or CANCEL may repeat its INVITE's credentials verbatim (RFC 3261 §22.4). With
// qop=auth-int those were hashed over the INVITE's body, so recomputing them for the ACK cannot
// work: when the INVITE is in the capture, the repeated credentials take its verdict.
void Exchange::inherit_invite_verdict(FrameNumber frame, const SipMessage& request,
                                      CredentialResult& credential) {
    if (credential.check.verdict != Verdict::Invalid ||
        !(iequals(request.method, "ACK") || iequals(request.method, "CANCEL"))) {
        return;
    }
    const auto invites = invite_credentials_.find(call_and_cseq(request));
    if (invites == invite_credentials_.end()) {
        return;
    }
    for (const CredentialRef& ref : invites->second) {
        const CredentialCheck& invite = this->credential(ref).check;
        if (ref.frame <= frame && invite.verdict == Verdict::Valid &&
            invite.response == credential.check.response) {
            credential.check.verdict = Verdict::Valid;
            credential.check.hashed_method = "INVITE";
            credential.check.expected_response = invite.expected_response;
            credential.check.reason = "the " + std::string(request.method) +
                                      " repeats the credentials of the INVITE in frame " +
                                      std::to_string(ref.frame) + ", which match those of " +
                                      invite.username + " in realm " + invite.realm +
                                      " (RFC 3261 §22.4)";
            return;
        }
    }
}

// Per nonce and cnonce, nc must grow from one transaction to the next (RFC 7616 §3.4);
// a retransmission repeats its own transaction's nc and is not a replay.
void Exchange::track_nonce_use(const std::string& transaction, CredentialResult& credential) {
    const CredentialCheck& check = credential.check;
    if (check.nonce.empty() || check.nc.empty()) {
        return;
    }
    std::uint64_t nc = 0;
    const auto [end, error] =
        std::from_chars(check.nc.data(), check.nc.data() + check.nc.size(), nc, 16);
    if (error != std::errc() || end != check.nc.data() + check.nc.size()) {
        return;
    }
    auto& uses = nonce_uses_[check.nonce + '\n' + check.cnonce].transaction_of_nc;
    const auto seen = std::lower_bound(uses.begin(), uses.end(), nc,
                                       [](const std::pair<std::uint64_t, std::string>& use,
                                          std::uint64_t value) { return use.first < value; });
    if (seen != uses.end() && seen->first == nc) {
        if (seen->second != transaction) {
            credential.replay = true;
            credential.nc_not_increasing = true;
        }
        return;
    }
    if (seen != uses.end()) {
        credential.nc_not_increasing = true;  // a higher nc was used before
    }
    uses.emplace(seen, nc, transaction);
}

// rspauth (RFC 2617 §3.2.3): the response digest with an empty method, proving the server knows
// the password too.
void Exchange::check_rspauth(const AuthParams& info, const SipMessage& response,
                             const CredentialResult& credential, MessageResult& result) {
    const std::string* rspauth = info.find("rspauth");
    if (rspauth == nullptr) {
        return;
    }
    const CredentialCheck& check = credential.check;
    const std::optional<Algorithm> algorithm = parse_algorithm(check.algorithm);
    const Ha1Lookup ha1 =
        algorithm ? store_.ha1(check.username, check.realm, algorithm->hash) : Ha1Lookup{};
    if (ha1.status != Lookup::Found) {
        result.rspauth = RspauthVerdict::Unverifiable;
        result.rspauth_reason =
            "no usable credentials for " + check.username + " in realm " + check.realm;
        return;
    }
    const std::string* qop = info.find("qop");
    const std::string* nc = info.find("nc");
    const std::string* cnonce = info.find("cnonce");
    const std::string qop_text = qop ? *qop : check.qop;
    ResponseInput input{*algorithm,
                        ha1.ha1,
                        check.nonce,
                        cnonce ? *cnonce : check.cnonce,
                        nc ? *nc : check.nc,
                        qop_text.empty() ? Qop::None : parse_qop(qop_text).value_or(Qop::Auth),
                        qop_text,
                        "",
                        check.uri,
                        response.body};
    const bool valid = expected_response(input) == ascii_lowercase(*rspauth);
    result.rspauth = valid ? RspauthVerdict::Valid : RspauthVerdict::Invalid;
    result.rspauth_reason = valid ? "the server knows the credentials of " + check.username
                                  : "rspauth does not match the credentials of " + check.username +
                                        ": the server's password differs";
}

// Authentication-Info nextnonce= issues the nonce for the client's next request.
void Exchange::issue_nextnonce(const AuthParams& info, FrameNumber frame,
                               const SipMessage& response, const CredentialResult& credential,
                               MessageResult& result, std::uint32_t message_index) {
    const std::string* nextnonce = info.find("nextnonce");
    if (nextnonce == nullptr || nextnonce->empty()) {
        return;
    }
    ChallengeResult issued;
    issued.header = AuthHeaderKind::AuthenticationInfo;
    issued.nonce = *nextnonce;
    issued.realm = credential.check.realm;
    issued.algorithm = credential.check.algorithm;
    issued.qop = credential.check.qop;
    issue(std::move(issued), frame, response.call_id, result, message_index);
}

// Records a nonce the server issued in `frame` (a challenge or a nextnonce) where the requests
// that use it will look for it.
void Exchange::issue(ChallengeResult&& challenge, FrameNumber frame, std::string_view call_id,
                     MessageResult& result, std::uint32_t message_index) {
    const ChallengeRef ref{frame, message_index,
                           static_cast<std::uint32_t>(result.challenges.size())};
    latest_challenge_[challenge.nonce] = ref;
    latest_challenge_in_call_[nonce_in_call(challenge.nonce, call_id)] = ref;
    remember_nonce_of_call(nonces_of_call_[std::string(call_id)], challenge.nonce);
    result.challenges.push_back(std::move(challenge));
}

void Exchange::audit_weak(const SipMessage& request, CredentialResult& credential) {
    const CredentialCheck& check = credential.check;
    if (audit_ == nullptr || !check.well_formed) {
        return;
    }
    const std::optional<Algorithm> algorithm = parse_algorithm(check.algorithm);
    const std::optional<Qop> qop = check.qop.empty() ? Qop::None : parse_qop(check.qop);
    if (!algorithm || !qop) {
        return;
    }
    if (check.verdict == Verdict::Valid) {
        const Ha1Lookup known = store_.ha1(check.username, check.realm, algorithm->hash);
        if (known.password != nullptr) {
            if (std::optional<std::string> rule =
                    audit_->audit_known(check.username, *known.password)) {
                credential.weak_rule = std::move(*rule);
            }
            return;
        }
    }
    AuditInput input;
    input.username = check.username;
    input.realm = check.realm;
    input.request =
        ResponseInput{*algorithm, "",        check.nonce,    check.cnonce, check.nc,
                      *qop,       check.qop, request.method, check.uri,    request.body};
    input.response = check.response;
    if (std::optional<std::string> rule = audit_->audit(input)) {
        credential.weak_rule = std::move(*rule);
    }
}

void Exchange::diagnose_invalid(const SipMessage& request, std::string_view header_value,
                                CredentialResult& credential) const {
    if (credential.check.verdict != Verdict::Invalid) {
        return;
    }
    DiagnosisInput input;
    input.header_value = header_value;
    input.method = request.method;
    input.request_uri = request.request_uri;
    input.body = request.body;
    input.username = credential.check.username;
    input.store = &store_;
    input.nonce.issued = credential.challenge_frame != 0;
    const auto found = latest_challenge_.find(credential.check.nonce);
    if (found != latest_challenge_.end()) {
        const ChallengeRef& ref = found->second;
        const auto stored_frame = find_frame(frames_, ref.frame);
        const ChallengeResult& issued =
            stored_frame->second.messages.at(ref.message).challenges.at(ref.index);
        input.nonce.challenge_realm = issued.realm;
        input.nonce.challenge_qop = issued.qop;
    }
    const auto call = nonces_of_call_.find(std::string(request.call_id));
    if (call != nonces_of_call_.end()) {
        input.nonce.older_nonces.assign(call->second.rbegin(), call->second.rend());
    }
    credential.cause = diagnose(input);
}

void Exchange::add_challenges(FrameNumber frame, const SipMessage& response, MessageResult& result,
                              std::uint32_t message_index) {
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
        ChallengeResult challenge;
        challenge.header = header.kind;
        challenge.nonce = *nonce;
        const std::string* realm = params.find("realm");
        challenge.realm = realm ? *realm : std::string();
        const std::string* algorithm = params.find("algorithm");
        challenge.algorithm = algorithm ? *algorithm : "MD5";
        const std::string* qop = params.find("qop");
        challenge.qop = qop ? *qop : std::string();
        const std::string* opaque = params.find("opaque");
        challenge.has_opaque = opaque != nullptr;
        challenge.opaque = opaque ? *opaque : std::string();
        const std::string* stale = params.find("stale");
        challenge.stale = stale != nullptr && iequals(*stale, "true");
        issue(std::move(challenge), frame, response.call_id, result, message_index);
    }
}

void Exchange::add_answer(FrameNumber frame, const SipMessage& response, MessageResult& result,
                          std::uint32_t message_index) {
    if (response.status < 200) {
        return;
    }
    const auto waiting = awaiting_answer_.find(transaction_key(response));
    if (waiting == awaiting_answer_.end()) {
        return;
    }
    std::vector<CredentialResult*> credentials;
    for (const CredentialRef& ref : waiting->second) {
        credentials.push_back(&credential(ref));
    }
    for (std::size_t i = 0; i < credentials.size(); ++i) {
        CredentialResult& own = *credentials[i];
        std::vector<CredentialResult*> same_request;
        for (std::size_t j = 0; j < credentials.size(); ++j) {
            if (waiting->second[j].frame == waiting->second[i].frame &&
                waiting->second[j].message == waiting->second[i].message) {
                same_request.push_back(credentials[j]);
            }
        }
        own.answer_frame = frame;
        own.answer_status = response.status;
        own.disagreement = disagreement(same_request, own, response, result);
        own.server_disagrees = !own.disagreement.empty();
        result.answers.push_back({waiting->second[i].frame, own.check.verdict, own.check.username,
                                  own.check.realm, own.server_disagrees, own.disagreement});
    }
    const bool stale = std::any_of(result.challenges.begin(), result.challenges.end(),
                                   [](const ChallengeResult& c) { return c.stale; });
    for (CredentialResult* credential : credentials) {
        if (stale) {
            credential->answered_stale = true;
            retired_nonces_.emplace(credential->check.nonce, frame);
        }
    }
    if (response.status >= 200 && response.status < 300 && !credentials.empty()) {
        bool first = true;
        for (const AuthHeader& header : response.auth_headers) {
            if (header.kind != AuthHeaderKind::AuthenticationInfo) {
                continue;
            }
            const AuthParams info = parse_auth_params(header.value, false).value;
            if (first) {
                check_rspauth(info, response, *credentials.front(), result);
                first = false;
            }
            issue_nextnonce(info, frame, response, *credentials.front(), result, message_index);
        }
    }
    awaiting_answer_.erase(waiting);
}

}  // namespace digest
