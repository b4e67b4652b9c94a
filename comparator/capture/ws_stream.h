// Turns one direction of a WebSocket connection carrying SIP (RFC 7118, what WebRTC phones use)
// into SIP messages: skips the HTTP request or response that opened the connection, then reads
// RFC 6455 frames, unmasks what the client masked, joins fragmented messages, and gives each text
// or binary message (one SIP message each, RFC 7118 §5.2) whole. Control frames (ping, pong,
// close) carry no SIP; compressed frames (permessage-deflate) are reported, not inflated. A frame
// has no marker to resynchronise on: after a gap in the capture the rest of the connection is
// reported and left.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/bytes.h"
#include "capture/unit_stream.h"

namespace sipdiff::capture {

// Its units are whole WebSocket messages (unmasked, defragmented).
class WebSocketStreamFramer : public UnitStreamFramer {
  public:
    // Handshake: the stream starts with the HTTP upgrade; Frames: with a frame (the capture
    // began after the handshake).
    enum class Start { Handshake, Frames };

    explicit WebSocketStreamFramer(Start start = Start::Handshake)
        : state_(start == Start::Handshake ? State::Handshake : State::Frames) {}

    void feed(ByteSpan bytes, std::uint64_t gap_before, std::vector<std::string>& messages,
              std::vector<std::string>& problems) override;
    void finish(std::vector<std::string>& problems) override;

  private:
    enum class State { Handshake, Frames, Lost };
    // One frame from the buffer into message_ (or dropped); false when more bytes are needed.
    bool take_frame(std::vector<std::string>& messages, std::vector<std::string>& problems);

    State state_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::string message_;         // a fragmented message so far
    bool in_fragmented_ = false;  // message_ waits for continuation frames
};

// Whether a stream's first bytes open a WebSocket connection: an HTTP request asking to upgrade
// to "websocket", or the server's "101 Switching Protocols" answer.
bool starts_websocket_stream(ByteSpan bytes);

// Whether a stream caught after its handshake (a capture started later than the connection)
// starts with a whole-message WebSocket frame, text or binary, uncompressed, whose payload begins
// with a SIP start line. Needs the frame's header and the payload's first line in `bytes`.
bool starts_websocket_frames(ByteSpan bytes);

}  // namespace sipdiff::capture
