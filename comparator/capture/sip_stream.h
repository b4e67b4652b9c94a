// Turns one direction of a TCP stream into SIP messages: finds the first message (the capture may
// start inside one), frames messages by Content-Length, skips CRLF keep-alives, and finds its
// way back after a gap or non-SIP bytes. Streams that are not SIP are recognised and ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/bytes.h"
#include "sip/framing.h"

namespace sipdiff::capture {

struct StreamMessage {
    std::string bytes;
    // Nonzero when `bytes` is only the start of a message this long: the rest is in a gap of the
    // capture (a segment cut by the snapshot length).
    std::size_t full_size = 0;
};

class SipStreamFramer {
  public:
    // How much of a stream is examined for a first SIP start line before it is called not SIP.
    static constexpr std::size_t kMaxProbeBytes = 64 * 1024;

    explicit SipStreamFramer(sip::FramingLimits limits = {}) : limits_(limits) {}

    // Appends the next bytes of the stream (`gap_before` bytes before them are missing) and
    // appends every message completed to `messages` and what was skipped to `problems`. A
    // message the gap cut is kept cut short when its length is known: from its Content-Length,
    // or because the bytes after the gap begin the next message (or are none: the stream ended).
    // `gap_is_cut`: the snapshot length cut those bytes off (no news, so a message kept cut short
    // is not a problem).
    void feed(ByteSpan bytes, std::uint64_t gap_before, bool gap_is_cut,
              std::vector<StreamMessage>& messages, std::vector<std::string>& problems);
    // The stream ended: an incomplete message left over is reported.
    void finish(std::vector<std::string>& problems);

    bool is_sip() const { return state_ == State::InSync || seen_sip_; }
    bool ignored() const { return state_ == State::NotSip; }
    std::size_t buffered() const { return buf_.size() - pos_; }

  private:
    enum class State {
        Unknown,  // no SIP start line seen yet
        InSync,   // the buffer starts at a message boundary
        Lost,     // after a gap or non-SIP bytes: looking for the next start line
        NotSip,   // given up: this stream does not carry SIP
    };
    void process(std::vector<StreamMessage>& messages, std::vector<std::string>& problems);
    // Before a gap: what becomes of the message begun in the buffer.
    void cut_by_gap(std::uint64_t gap, bool gap_is_cut, ByteSpan after,
                    std::vector<StreamMessage>& messages, std::vector<std::string>& problems);
    // Unknown / Lost: moves to the next (possible) start line; false when more bytes are needed.
    bool seek(std::vector<std::string>& problems);

    sip::FramingLimits limits_;
    State state_ = State::Unknown;
    bool seen_sip_ = false;
    std::string buf_;
    std::size_t pos_ = 0;
    std::uint64_t probed_ = 0;   // bytes dropped while Unknown
    std::uint64_t skipped_ = 0;  // non-keep-alive bytes dropped while Unknown / Lost
};

}  // namespace sipdiff::capture
