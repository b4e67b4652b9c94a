// The exchange tracker: follows challenges (by nonce), the requests that answer them and the
// final responses to those requests, frame by frame, and keeps the result of every frame.
// Fed once, in frame order (Wireshark's first pass); read any number of times afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "digest/credentials.h"
#include "digest/diagnosis.h"
#include "digest/params.h"
#include "digest/sip_message.h"
#include "digest/verdict.h"
#include "digest/weak_audit.h"

namespace digest {

using FrameNumber = std::uint32_t;  // 0 = none

struct CredentialResult {
    AuthHeaderKind header = AuthHeaderKind::Authorization;
    CredentialCheck check;
    FrameNumber challenge_frame = 0;  // the 401/407 that issued this nonce
    FrameNumber answer_frame = 0;     // the final response to this request
    unsigned answer_status = 0;
    bool server_disagrees = false;
    std::string disagreement;  // why, when server_disagrees
    Cause cause;               // why the response is invalid (key empty otherwise)
    // Nonce life.
    bool replay = false;                // nonce+cnonce+nc of an earlier, other transaction
    bool nc_not_increasing = false;     // nc <= the last nc with this nonce+cnonce elsewhere
    bool answered_stale = false;        // the final answer was a 401/407 with stale=true
    FrameNumber stale_nonce_frame = 0;  // the 401/407 stale=true that retired this nonce
    bool opaque_mismatch = false;       // the challenge's opaque was not echoed exactly
    std::string weak_rule;  // the weak-password rule that reproduces the response, if any
};

struct ChallengeResult {
    AuthHeaderKind header = AuthHeaderKind::WwwAuthenticate;
    std::string realm;
    std::string nonce;
    std::string algorithm;
    std::string qop;  // the qop options offered, as sent
    bool stale = false;
    bool has_opaque = false;
    std::string opaque;
    std::vector<FrameNumber> response_frames;  // requests whose credentials use this nonce
};

// On a final response: one authenticated request it answers.
struct AnswerResult {
    FrameNumber request_frame = 0;
    Verdict verdict = Verdict::Unverifiable;
    std::string username;
    std::string realm;
    bool server_disagrees = false;
    std::string disagreement;
};

enum class RspauthVerdict { None, Valid, Invalid, Unverifiable };

struct MessageResult {
    std::vector<CredentialResult> credentials;
    std::vector<ChallengeResult> challenges;  // incl. an Authentication-Info nextnonce
    std::vector<AnswerResult> answers;
    RspauthVerdict rspauth = RspauthVerdict::None;  // 2xx with Authentication-Info rspauth=
    std::string rspauth_reason;

    bool empty() const {
        return credentials.empty() && challenges.empty() && answers.empty() &&
               rspauth == RspauthVerdict::None;
    }
};

struct FrameResult {
    std::vector<MessageResult> messages;  // one per SIP message of the frame that has results
};

class Exchange {
  public:
    explicit Exchange(const CredentialStore& store) : store_(store) {}

    // Forgets everything (a new capture file, or new credentials).
    void reset();

    // Runs the weak-password audit on every well-formed credentials header (nullptr: off).
    void set_audit(WeakAudit* audit) { audit_ = audit; }

    // Adds one SIP message of `frame`. Frames must come in increasing order; messages of one
    // frame in order. Returns false if the bytes are not a SIP message.
    bool add_message(FrameNumber frame, std::string_view bytes);

    // The stored result of a frame, or nullptr when nothing in it concerns digest auth.
    const FrameResult* frame(FrameNumber frame) const;

  private:
    struct CredentialRef {
        FrameNumber frame;
        std::uint32_t message;
        std::uint32_t index;
    };
    struct ChallengeRef {
        FrameNumber frame;
        std::uint32_t message;
        std::uint32_t index;
    };

    void inherit_invite_verdict(FrameNumber frame, const SipMessage& request,
                                CredentialResult& credential);
    void track_nonce_use(const std::string& transaction, CredentialResult& credential);
    // Both read one parsed Authentication-Info header of a 2xx.
    void check_rspauth(const AuthParams& info, const SipMessage& response,
                       const CredentialResult& credential, MessageResult& result);
    void issue_nextnonce(const AuthParams& info, FrameNumber frame, const SipMessage& response,
                         const CredentialResult& credential, MessageResult& result,
                         std::uint32_t message_index);
    void diagnose_invalid(const SipMessage& request, std::string_view header_value,
                          CredentialResult& credential) const;
    void add_request(FrameNumber frame, const SipMessage& request, MessageResult& result,
                     std::uint32_t message_index);
    void issue(ChallengeResult&& challenge, FrameNumber frame, std::string_view call_id,
               MessageResult& result, std::uint32_t message_index);
    void add_challenges(FrameNumber frame, const SipMessage& response, MessageResult& result,
                        std::uint32_t message_index);
    void add_answer(FrameNumber frame, const SipMessage& response, MessageResult& result,
                    std::uint32_t message_index);
    FrameResult& stored(FrameNumber frame);
    CredentialResult& credential(const CredentialRef& ref);
    ChallengeResult& challenge(const ChallengeRef& ref);

    void audit_weak(const SipMessage& request, CredentialResult& credential);

    const CredentialStore& store_;
    WeakAudit* audit_ = nullptr;
    // In frame order (frames come in increasing order): found by binary search.
    std::vector<std::pair<FrameNumber, FrameResult>> frames_;
    std::unordered_map<std::string, ChallengeRef> latest_challenge_;          // by nonce
    std::unordered_map<std::string, ChallengeRef> latest_challenge_in_call_;  // nonce + Call-ID
    std::unordered_map<std::string, std::vector<CredentialRef>> awaiting_answer_;
    // INVITE credentials by Call-ID + CSeq number, for the ACK or CANCEL that repeats them.
    std::unordered_map<std::string, std::vector<CredentialRef>> invite_credentials_;
    // Nonces challenged in each call, oldest first (a few), to spot an older one hashed.
    std::unordered_map<std::string, std::vector<std::string>> nonces_of_call_;
    struct NonceUse {
        // The transaction that used each nc value, in nc order (usually appended at the end).
        std::vector<std::pair<std::uint64_t, std::string>> transaction_of_nc;
    };
    std::unordered_map<std::string, NonceUse> nonce_uses_;         // by nonce + cnonce
    std::unordered_map<std::string, FrameNumber> retired_nonces_;  // by stale=true, where
};

}  // namespace digest
