// The exchange tracker: follows challenges (by nonce), the requests that answer them and the
// final responses to those requests, frame by frame, and keeps the result of every frame.
// Fed once, in frame order (Wireshark's first pass); read any number of times afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "digest/arena_array.h"
#include "digest/credentials.h"
#include "digest/params.h"
#include "digest/results.h"
#include "digest/sip_message.h"
#include "digest/text_map.h"
#include "digest/text_store.h"
#include "digest/verdict.h"
#include "digest/weak_audit.h"

namespace digest {

class Exchange {
  public:
    explicit Exchange(const CredentialStore& store);

    // Forgets everything (a new capture file, or new credentials).
    void reset();

    // Runs the weak-password audit on every well-formed credentials header (nullptr: off).
    void set_audit(WeakAudit* audit) { audit_ = audit; }

    // Adds one SIP message of `frame`. Frames must come in increasing order; messages of one
    // frame in order. Returns false if the bytes are not a SIP message.
    bool add_message(FrameNumber frame, std::string_view bytes);

    // The stored results of a frame, or nullopt when nothing in it concerns digest auth. Views:
    // valid until the next add_message() or reset().
    std::optional<FrameResult> frame(FrameNumber frame) const;

    // The views of one stored message (what FrameMessages gives).
    MessageResult message(const StoredMessage& stored) const;

  private:
    static constexpr std::uint32_t kNone = UINT32_MAX;
    static constexpr std::size_t kNoncesPerCall = 4;
    struct NonceRecord {
        std::uint32_t latest_challenge = kNone;  // the latest that issued it, in any call
        FrameNumber retired = 0;                 // the 401/407 stale=true that retired it
        FrameNumber accepted = 0;                // the latest 2xx to a request using it
    };
    struct CallRecord {
        // The latest challenges of the call with distinct nonces, oldest first: which challenge
        // a nonce used in the call belongs to, and the older nonces a client may hash by mistake.
        std::uint32_t challenges[kNoncesPerCall];
        std::uint32_t count = 0;
    };
    // Credentials linked through CredentialResult::next_awaiting_ or next_invite_.
    struct Chain {
        std::uint32_t first = kNone;
        std::uint32_t last = kNone;
    };
    struct NonceUse {
        std::uint64_t nc;
        KeptText transaction;  // the unit that used this nc (nonce_use_key)
    };
    struct Indexes {
        explicit Indexes(TextStore& store)
            : nonces(store),
              calls(store),
              awaiting_answer(store),
              invite_credentials(store),
              nonce_uses(store) {}
        TextMap<NonceRecord> nonces;
        TextMap<CallRecord> calls;          // by Call-ID
        TextMap<Chain> awaiting_answer;     // by transaction
        TextMap<Chain> invite_credentials;  // INVITEs by Call-ID + CSeq number, for the ACK or
                                            // CANCEL that repeats their credentials
        TextMap<ArenaArray<NonceUse>> nonce_uses;  // by nonce + cnonce, in nc order
    };
    // The message being added: where its results start.
    struct Pending {
        FrameNumber frame;
        std::uint32_t message;
        std::size_t first_credential;
        std::size_t first_challenge;
        std::size_t first_answer;
        RspauthVerdict rspauth = RspauthVerdict::None;
        KeptText rspauth_reason;
    };

    void inherit_invite_verdict(FrameNumber frame, const SipMessage& request,
                                CredentialCheck& check);
    void track_nonce_use(const SipMessage& request, const CredentialCheck& check,
                         CredentialResult& credential);
    // Both read one parsed Authentication-Info header of a 2xx.
    void check_rspauth(const AuthParams& info, const SipMessage& response,
                       const CredentialResult& credential, Pending& pending);
    void issue_nextnonce(const AuthParams& info, const SipMessage& response,
                         const CredentialResult& credential, Pending& pending);
    KeptCause diagnose_invalid(const SipMessage& request, std::string_view header_value,
                               const CredentialCheck& check, FrameNumber challenge_frame);
    void add_request(const SipMessage& request, Pending& pending);
    void link_challenge(const SipMessage& request, const CredentialCheck& check,
                        CredentialResult& credential);
    void remember_in_call(std::string_view call_id, std::uint32_t challenge);
    void append(Chain& chain, std::uint32_t credential, std::uint32_t CredentialResult::*next);
    void issue(const ChallengeResult& challenge, std::string_view call_id);
    void add_challenges(const SipMessage& response, Pending& pending);
    void add_answer(const SipMessage& response, Pending& pending);
    KeptText audit_weak(const SipMessage& request, const CredentialCheck& check);

    const CredentialStore& store_;
    WeakAudit* audit_ = nullptr;
    TextStore texts_;
    // In frame order (frames come in increasing order): found by binary search.
    std::vector<StoredMessage> messages_;
    std::vector<CredentialResult> credentials_;
    std::vector<ChallengeResult> challenges_;
    std::vector<AnswerResult> answers_;
    Indexes indexes_{texts_};  // allocated in texts_
    std::string key_;          // scratch for composite keys
};

}  // namespace digest
