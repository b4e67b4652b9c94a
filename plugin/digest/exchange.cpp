#include "digest/exchange.h"

#include <algorithm>

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
    frames_.clear();
    nonces_of_call_.clear();
    invite_credentials_.clear();
    latest_challenge_.clear();
    latest_challenge_in_call_.clear();
    awaiting_answer_.clear();
}

const FrameResult* Exchange::frame(FrameNumber frame) const {
    const auto found = frames_.find(frame);
    return found == frames_.end() ? nullptr : &found->second;
}

CredentialResult& Exchange::credential(const CredentialRef& ref) {
    return frames_[ref.frame].messages[ref.message].credentials[ref.index];
}

ChallengeResult& Exchange::challenge(const ChallengeRef& ref) {
    return frames_[ref.frame].messages[ref.message].challenges[ref.index];
}

bool Exchange::add_message(FrameNumber frame, std::string_view bytes) {
    const SipMessageResult parsed = parse_sip_message(bytes);
    if (!parsed.ok()) {
        return false;
    }
    const SipMessage& message = parsed.value;
    FrameResult& stored = frames_[frame];
    const auto message_index = static_cast<std::uint32_t>(stored.messages.size());
    stored.messages.emplace_back();
    if (message.is_request) {
        add_request(frame, message, stored.messages.back(), message_index);
    } else {
        add_challenges(frame, message, stored.messages.back(), message_index);
        add_answer(frame, message, frames_[frame].messages[message_index]);
    }
    FrameResult& now = frames_[frame];
    if (now.messages.back().empty()) {
        now.messages.pop_back();
    }
    if (now.messages.empty()) {
        frames_.erase(frame);
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
        inherit_invite_verdict(frame, request, credential);
        diagnose_invalid(request, header.value, credential);
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
        const ChallengeResult& issued =
            frames_.at(ref.frame).messages.at(ref.message).challenges.at(ref.index);
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
        const std::string* stale = params.find("stale");
        challenge.stale = stale != nullptr && iequals(*stale, "true");
        const ChallengeRef ref{frame, message_index,
                               static_cast<std::uint32_t>(result.challenges.size())};
        latest_challenge_[challenge.nonce] = ref;
        latest_challenge_in_call_[nonce_in_call(challenge.nonce, response.call_id)] = ref;
        remember_nonce_of_call(nonces_of_call_[std::string(response.call_id)], challenge.nonce);
        result.challenges.push_back(std::move(challenge));
    }
}

void Exchange::add_answer(FrameNumber frame, const SipMessage& response, MessageResult& result) {
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
    awaiting_answer_.erase(waiting);
}

}  // namespace digest
