#include "capture/ws_stream.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "sip/framing.h"

namespace sipdiff::capture {
namespace {

constexpr std::string_view kHeadEnd = "\r\n\r\n";
// An HTTP head longer than this is not a WebSocket handshake.
constexpr std::size_t kMaxHandshake = 16 * 1024;
// RFC 7118 messages are SIP messages: a frame claiming more is damage, not a message.
constexpr std::uint64_t kMaxMessage = 1 << 20;

enum Opcode : std::uint8_t {
    kContinuation = 0,
    kText = 1,
    kBinary = 2,
};

// One frame's header (RFC 6455 §5.2).
struct FrameHeader {
    std::uint8_t b0 = 0;  // FIN, RSV1-3, opcode
    bool masked = false;
    std::uint64_t length = 0;
    std::size_t mask_at = 0;     // the 4 mask bytes, when masked
    std::size_t payload_at = 0;  // after the mask

    bool fin() const { return (b0 & 0x80) != 0; }
    bool compressed() const { return (b0 & 0x40) != 0; }  // RSV1: permessage-deflate
    std::uint8_t opcode() const { return b0 & 0x0f; }
};

// The header at the front of `held`, or nullopt until its length bytes are there (the mask and
// payload may still be missing).
std::optional<FrameHeader> read_frame_header(std::string_view held) {
    if (held.size() < 2) {
        return std::nullopt;
    }
    FrameHeader header;
    header.b0 = static_cast<std::uint8_t>(held[0]);
    const auto b1 = static_cast<std::uint8_t>(held[1]);
    header.masked = (b1 & 0x80) != 0;
    std::size_t at = 2;
    header.length = b1 & 0x7f;
    if (header.length >= 126) {
        const std::size_t bytes = header.length == 126 ? 2 : 8;
        if (held.size() < at + bytes) {
            return std::nullopt;
        }
        header.length = 0;
        for (std::size_t i = 0; i < bytes; ++i) {
            header.length = (header.length << 8) | static_cast<std::uint8_t>(held[at + i]);
        }
        at += bytes;
    }
    header.mask_at = at;
    header.payload_at = at + (header.masked ? 4 : 0);
    return header;
}

// Up to `count` payload bytes of the frame at the front of `held` (fewer if not all there),
// unmasked. The mask bytes must be there.
std::string payload_of(std::string_view held, const FrameHeader& header, std::uint64_t count) {
    std::string payload(held.substr(header.payload_at, count));
    if (header.masked) {
        for (std::size_t i = 0; i < payload.size(); ++i) {
            payload[i] = static_cast<char>(payload[i] ^ held[header.mask_at + i % 4]);
        }
    }
    return payload;
}

}  // namespace

bool starts_websocket_stream(ByteSpan bytes) {
    const std::string_view text = bytes.chars();
    return sip::is_websocket_upgrade(text) || text.substr(0, 12) == "HTTP/1.1 101";
}

bool starts_websocket_frames(ByteSpan bytes) {
    const std::string_view held = bytes.chars();
    const std::optional<FrameHeader> header = read_frame_header(held);
    // Reserved bits (compression) set, or not the first frame of a message: not recognisable.
    if (!header || (header->b0 & 0x70) != 0 ||
        (header->opcode() != kText && header->opcode() != kBinary) ||
        header->length > kMaxMessage || held.size() <= header->payload_at) {
        return false;
    }
    // The first line is enough to tell SIP: a start line is at most a few hundred bytes.
    constexpr std::uint64_t kFirstBytes = 1024;
    const std::string first = payload_of(held, *header, std::min(header->length, kFirstBytes));
    return sip::classify_start_line(first) == sip::StartLine::Sip;
}

bool WebSocketStreamFramer::take_frame(std::vector<std::string>& messages,
                                       std::vector<std::string>& problems) {
    const std::string_view held = std::string_view(buf_).substr(pos_);
    const std::optional<FrameHeader> header = read_frame_header(held);
    if (!header) {
        return false;
    }
    const bool fin = header->fin();
    const std::uint8_t opcode = header->opcode();
    const std::uint64_t length = header->length;
    if (length > kMaxMessage) {
        problems.push_back("WebSocket frame of " + std::to_string(length) +
                           " bytes: not SIP; the rest of the connection is left");
        state_ = State::Lost;
        return false;
    }
    if (held.size() < header->payload_at + length) {
        return false;
    }
    std::string payload = payload_of(held, *header, length);
    pos_ += header->payload_at + length;
    if (opcode >= 8) {
        return true;  // close, ping, pong
    }
    if (header->compressed()) {
        problems.push_back("compressed WebSocket frame (permessage-deflate) of " +
                           std::to_string(length) + " bytes: its message is not read");
        message_.clear();
        in_fragmented_ = !fin;
        return true;
    }
    if (opcode == kContinuation ? !in_fragmented_ : in_fragmented_) {
        problems.push_back(in_fragmented_ ? "WebSocket message interrupted by a new one; skipped"
                                          : "WebSocket continuation frame without a message; "
                                            "skipped");
        message_.clear();
        in_fragmented_ = false;
        if (opcode == kContinuation) {
            return true;
        }
    }
    if (opcode != kText && opcode != kBinary && opcode != kContinuation) {
        problems.push_back("WebSocket frame with the unknown opcode " + std::to_string(opcode) +
                           "; skipped");
        return true;
    }
    message_ += payload;
    in_fragmented_ = !fin;
    if (fin) {
        messages.push_back(std::move(message_));
        message_.clear();
    }
    return true;
}

void WebSocketStreamFramer::feed(ByteSpan bytes, std::uint64_t gap_before,
                                 std::vector<std::string>& messages,
                                 std::vector<std::string>& problems) {
    if (state_ == State::Lost) {
        return;
    }
    if (gap_before > 0) {
        problems.push_back(std::to_string(gap_before) +
                           " bytes missing from the capture inside a WebSocket connection: the "
                           "rest of it cannot be read");
        state_ = State::Lost;
        buf_.clear();
        pos_ = 0;
        return;
    }
    buf_.append(bytes.chars());
    if (state_ == State::Handshake) {
        const std::size_t end = buf_.find(kHeadEnd);
        if (end == std::string::npos) {
            if (buf_.size() > kMaxHandshake) {
                problems.push_back("WebSocket handshake without its end; the connection is left");
                state_ = State::Lost;
            }
            return;
        }
        pos_ = end + kHeadEnd.size();
        state_ = State::Frames;
    }
    while (state_ == State::Frames && take_frame(messages, problems)) {
    }
    if (pos_ > 0 && pos_ * 2 >= buf_.size()) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
}

void WebSocketStreamFramer::finish(std::vector<std::string>& problems) {
    if (state_ == State::Frames && (pos_ < buf_.size() || in_fragmented_)) {
        problems.push_back("the WebSocket connection ends inside a message (" +
                           std::to_string(buf_.size() - pos_ + message_.size()) +
                           " bytes); skipped");
    }
    buf_.clear();
    pos_ = 0;
    message_.clear();
    in_fragmented_ = false;
}

}  // namespace sipdiff::capture
