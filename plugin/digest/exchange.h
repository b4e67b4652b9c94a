// The exchange tracker: follows challenges (by nonce), the requests that answer them and the
// final responses to those requests, frame by frame, and keeps the result of every frame.
// Fed once, in frame order (Wireshark's first pass); read any number of times afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "digest/arena_array.h"
#include "digest/credentials.h"
#include "digest/diagnosis.h"
#include "digest/params.h"
#include "digest/sip_message.h"
#include "digest/text_map.h"
#include "digest/text_store.h"
#include "digest/verdict.h"
#include "digest/weak_audit.h"

namespace digest {

using FrameNumber = std::uint32_t;  // 0 = none

// A read-only run of stored results. Valid until the next add_message() or reset().
template <typename T>
class Span {
  public:
    Span() = default;
    Span(const T* first, std::size_t size) : first_(first), size_(size) {}

    const T* begin() const { return first_; }
    const T* end() const { return first_ + size_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const T& operator[](std::size_t i) const { return first_[i]; }
    const T& at(std::size_t i) const {
        if (i >= size_) {
            throw std::out_of_range("digest::Span::at");
        }
        return first_[i];
    }
    std::vector<T> to_vector() const { return {begin(), end()}; }

  private:
    const T* first_ = nullptr;
    std::size_t size_ = 0;
};

struct KeptCause {
    KeptText key;       // short, filterable (see Cause)
    KeptText sentence;  // plain words; never contains a password
};

struct CredentialResult {
    FrameNumber frame = 0;  // the request's
    AuthHeaderKind header = AuthHeaderKind::Authorization;
    KeptCheck check;
    FrameNumber challenge_frame = 0;  // the 401/407 that issued this nonce
    FrameNumber answer_frame = 0;     // the final response to this request
    unsigned answer_status = 0;
    bool server_disagrees = false;
    KeptText disagreement;  // why, when server_disagrees
    KeptCause cause;        // why the response is invalid (key empty otherwise)
    // Nonce life.
    bool replay = false;                // nonce+cnonce+nc of an earlier, other transaction
    bool nc_not_increasing = false;     // nc <= the last nc with this nonce+cnonce elsewhere
    bool answered_stale = false;        // the final answer was a 401/407 with stale=true
    FrameNumber stale_nonce_frame = 0;  // the 401/407 stale=true that retired this nonce
    bool opaque_mismatch = false;       // the challenge's opaque was not echoed exactly
    KeptText weak_rule;         // the weak-password rule that reproduces the response, if any
    std::uint32_t message = 0;  // which stored message of the tracker holds it

  private:
    friend class Exchange;
    // The next credentials of the same transaction awaiting its answer, and of the same INVITE
    // (Call-ID and CSeq number): the tracker's lists, through indexes into its array.
    std::uint32_t next_awaiting_ = 0;
    std::uint32_t next_invite_ = 0;
};

struct ChallengeResult {
    FrameNumber frame = 0;  // the response that issued it
    AuthHeaderKind header = AuthHeaderKind::WwwAuthenticate;
    KeptText realm;
    KeptText nonce;
    KeptText algorithm;
    KeptText qop;  // the qop options offered, as sent
    bool stale = false;
    bool has_opaque = false;
    KeptText opaque;

    // Requests whose credentials use this nonce, in frame order.
    Span<FrameNumber> response_frames() const { return {responses_.begin(), responses_.size()}; }

  private:
    friend class Exchange;
    ArenaArray<FrameNumber> responses_;  // in the tracker's TextStore
};

// On a final response: one authenticated request it answers.
struct AnswerResult {
    FrameNumber request_frame = 0;
    Verdict verdict = Verdict::Unverifiable;
    KeptText username;
    KeptText realm;
    bool server_disagrees = false;
    KeptText disagreement;
};

enum class RspauthVerdict { None, Valid, Invalid, Unverifiable };

// The results of one SIP message, as views into the tracker.
struct MessageResult {
    Span<CredentialResult> credentials;
    Span<ChallengeResult> challenges;  // incl. an Authentication-Info nextnonce
    Span<AnswerResult> answers;
    RspauthVerdict rspauth = RspauthVerdict::None;  // 2xx with Authentication-Info rspauth=
    KeptText rspauth_reason;
};

class Exchange;

// Where one message's results lie in the tracker's arrays.
struct StoredMessage {
    FrameNumber frame = 0;
    std::uint32_t first_credential = 0;
    std::uint32_t credential_count = 0;
    std::uint32_t first_challenge = 0;
    std::uint32_t challenge_count = 0;
    std::uint32_t first_answer = 0;
    std::uint32_t answer_count = 0;
    RspauthVerdict rspauth = RspauthVerdict::None;
    KeptText rspauth_reason;
};

// The messages of one frame that have results, in order.
class FrameMessages {
  public:
    class Iterator {
      public:
        Iterator(const Exchange* exchange, const StoredMessage* at)
            : exchange_(exchange), at_(at) {}
        MessageResult operator*() const;
        Iterator& operator++() {
            ++at_;
            return *this;
        }
        bool operator!=(const Iterator& other) const { return at_ != other.at_; }

      private:
        const Exchange* exchange_;
        const StoredMessage* at_;
    };

    FrameMessages(const Exchange* exchange, Span<StoredMessage> stored)
        : exchange_(exchange), stored_(stored) {}
    std::size_t size() const { return stored_.size(); }
    MessageResult operator[](std::size_t i) const { return *Iterator(exchange_, &stored_[i]); }
    MessageResult at(std::size_t i) const { return *Iterator(exchange_, &stored_.at(i)); }
    Iterator begin() const { return {exchange_, stored_.begin()}; }
    Iterator end() const { return {exchange_, stored_.end()}; }

  private:
    const Exchange* exchange_;
    Span<StoredMessage> stored_;
};

struct FrameResult {
    FrameMessages messages;  // one per SIP message of the frame that has results
};

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

    MessageResult message(const StoredMessage& stored) const;

  private:
    static constexpr std::uint32_t kNone = UINT32_MAX;
    static constexpr std::size_t kNoncesPerCall = 4;
    struct NonceRecord {
        std::uint32_t latest_challenge = kNone;  // the latest that issued it, in any call
        FrameNumber retired = 0;                 // the 401/407 stale=true that retired it
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
