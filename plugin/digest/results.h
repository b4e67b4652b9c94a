// What the exchange tracker keeps of each SIP message (verdicts, links, causes, challenges,
// answers) and the read-only views through which the tree, the tap and the tests read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "digest/arena_array.h"
#include "digest/sip_message.h"
#include "digest/text_store.h"
#include "digest/verdict.h"

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
    // A valid response answered with a new challenge (no stale=true) though the 2xx of this
    // frame had accepted its nonce: the server retired the nonce silently (not a disagreement).
    FrameNumber nonce_accepted_frame = 0;
    bool opaque_mismatch = false;  // the challenge's opaque was not echoed exactly
    KeptText weak_rule;            // the weak-password rule that reproduces the response, if any
    std::uint32_t message = 0;     // which stored message of the tracker holds it

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
        MessageResult operator*() const;  // defined with Exchange, which holds the arrays
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

}  // namespace digest
