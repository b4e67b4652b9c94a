#include "capture/ws_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip/framing.h"
#include "unit_stream_framing.h"

namespace sipdiff::capture {
namespace {

const std::string kUpgrade =
    "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: yF6Zk/3O6I1sVuoO6D8xZA==\r\nSec-WebSocket-Protocol: sip\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n";
const std::string kSwitching =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
    "Sec-WebSocket-Accept: 2y1/dGv3tg7JoShVBKZ7yTqXwbs=\r\nSec-WebSocket-Protocol: sip\r\n\r\n";
const std::string kRegister =
    "REGISTER sip:pbx.lab.test SIP/2.0\r\nCall-ID: ws-1000\r\nContent-Length: 0\r\n\r\n";
const std::string k200 = "SIP/2.0 200 OK\r\nCall-ID: ws-1000\r\nContent-Length: 0\r\n\r\n";

// One RFC 6455 frame: FIN when `fin`, masked with `mask` when it is not empty (a client's).
std::string frame(std::uint8_t opcode, const std::string& payload, bool fin = true,
                  const std::string& mask = "") {
    std::string f(1, static_cast<char>((fin ? 0x80 : 0) | opcode));
    const char masked = mask.empty() ? 0 : static_cast<char>(0x80);
    if (payload.size() < 126) {
        f += static_cast<char>(masked | static_cast<char>(payload.size()));
    } else {
        f += static_cast<char>(masked | 126);
        f += static_cast<char>(payload.size() >> 8);
        f += static_cast<char>(payload.size() & 0xff);
    }
    f += mask;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        f += mask.empty() ? payload[i] : static_cast<char>(payload[i] ^ mask[i % 4]);
    }
    return f;
}

using testing::Framed;
using testing::Piece;

Framed frame_stream(const std::vector<Piece>& pieces) {
    return testing::frame_stream(WebSocketStreamFramer(), pieces);
}

TEST(WebSocketStream, AClientsMaskedFramesAfterItsUpgradeRequest) {
    const std::string stream = kUpgrade + frame(1, kRegister, true, "\x12\x34\x56\x78") +
                               frame(1, kRegister + "x", true, "abcd");
    std::vector<Piece> bytes;
    for (char c : stream) {
        bytes.push_back({std::string(1, c)});
    }
    const Framed out = frame_stream(bytes);
    EXPECT_EQ(out.units, (std::vector<std::string>{kRegister, kRegister + "x"}));
    EXPECT_TRUE(out.problems.empty());
}

TEST(WebSocketStream, AServersFramesWithControlFramesAndFragmentsBetween) {
    const std::string big = k200 + std::string(300, 'b');  // a 16-bit length
    const Framed out = frame_stream(
        {{kSwitching + frame(9, "ping") + frame(1, k200) + frame(1, big.substr(0, 100), false) +
          frame(10, "pong") + frame(0, big.substr(100, 100), false) + frame(0, big.substr(200)) +
          frame(8, "\x03\xe8")}});
    EXPECT_EQ(out.units, (std::vector<std::string>{k200, big}));
    EXPECT_TRUE(out.problems.empty());
}

TEST(WebSocketStream, AGapLeavesTheRestOfTheConnection) {
    const Framed out = frame_stream({{kSwitching + frame(1, k200)}, {frame(1, k200), 40}});
    EXPECT_EQ(out.units, (std::vector<std::string>{k200}));
    EXPECT_EQ(out.problems,
              (std::vector<std::string>{"40 bytes missing from the capture inside a WebSocket "
                                        "connection: the rest of it cannot be read"}));
}

TEST(WebSocketStream, DamageIsReported) {
    const Framed stray = frame_stream({{kSwitching + frame(0, "tail") + frame(1, k200)}});
    EXPECT_EQ(stray.units, (std::vector<std::string>{k200}));
    EXPECT_EQ(
        stray.problems,
        (std::vector<std::string>{"WebSocket continuation frame without a message; skipped"}));
    std::string huge = kSwitching + "\x81\x7f";
    huge += std::string("\x00\x00\x00\x01\x00\x00\x00\x00", 8);  // 4 GiB
    const Framed too_big = frame_stream({{huge + frame(1, k200)}});
    EXPECT_TRUE(too_big.units.empty());
    EXPECT_EQ(too_big.problems,
              (std::vector<std::string>{"WebSocket frame of 4294967296 bytes: not SIP; the rest of "
                                        "the connection is left"}));
    std::string compressed = frame(1, "\x0b\xca");
    compressed[0] = static_cast<char>(compressed[0] | 0x40);  // RSV1: permessage-deflate
    const Framed deflated = frame_stream({{kSwitching + compressed + frame(1, k200)}});
    EXPECT_EQ(deflated.units, (std::vector<std::string>{k200}));
    EXPECT_EQ(deflated.problems,
              (std::vector<std::string>{"compressed WebSocket frame (permessage-deflate) of 2 "
                                        "bytes: its message is not read"}));
    const Framed cut = frame_stream({{kSwitching + frame(1, k200).substr(0, 20)}});
    EXPECT_EQ(cut.problems,
              (std::vector<std::string>{
                  "the WebSocket connection ends inside a message (20 bytes); skipped"}));
}

TEST(WebSocketStream, AConnectionIsKnownByItsHandshake) {
    EXPECT_TRUE(starts_websocket_stream(ByteSpan(kUpgrade)));
    EXPECT_TRUE(starts_websocket_stream(ByteSpan(kSwitching)));
    EXPECT_TRUE(sip::is_websocket_upgrade(kUpgrade));
    EXPECT_FALSE(starts_websocket_stream(ByteSpan(kRegister)));
    EXPECT_FALSE(sip::is_websocket_upgrade("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n"));
    EXPECT_FALSE(
        sip::is_websocket_upgrade("GET / HTTP/1.1\r\nHost: a\r\n\r\nUpgrade: websocket\r\n"));
}

// A capture begun after the handshake: the stream's first bytes are a frame.
TEST(WebSocketStream, AConnectionCaughtAfterItsHandshakeIsKnownByItsFirstFrame) {
    EXPECT_TRUE(starts_websocket_frames(ByteSpan(frame(1, kRegister, true, "\x12\x34\x56\x78"))));
    EXPECT_TRUE(starts_websocket_frames(ByteSpan(frame(2, k200))));
    const std::string long_register = kRegister + std::string(300, 'x');
    EXPECT_TRUE(starts_websocket_frames(ByteSpan(frame(1, long_register, true, "abcd"))));
    // The first frame of a fragmented message is enough.
    EXPECT_TRUE(starts_websocket_frames(ByteSpan(frame(1, kRegister.substr(0, 40), false))));
    // Cut after the start line: still known.
    EXPECT_TRUE(starts_websocket_frames(ByteSpan(frame(1, kRegister).substr(0, 40))));

    EXPECT_FALSE(starts_websocket_frames(ByteSpan(frame(0, kRegister))));  // continuation
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(frame(9, kRegister))));  // ping
    std::string compressed = frame(1, kRegister);
    compressed[0] = static_cast<char>(compressed[0] | 0x40);
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(compressed)));
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(frame(1, "hello, not SIP\r\n"))));
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(frame(1, kRegister).substr(0, 10))));
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(frame(1, kRegister).substr(0, 1))));
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(kRegister)));
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(kUpgrade)));
    EXPECT_FALSE(starts_websocket_frames(ByteSpan(std::string())));
}

TEST(WebSocketStream, FramesFromTheStartWhenTheHandshakeWasNotCaptured) {
    const std::string stream = frame(1, kRegister, true, "\x12\x34\x56\x78") +
                               frame(1, kRegister.substr(0, 30), false, "abcd") +
                               frame(0, kRegister.substr(30), true, "wxyz");
    const Framed out = testing::frame_stream(
        WebSocketStreamFramer(WebSocketStreamFramer::Start::Frames), {{stream}});
    EXPECT_EQ(out.units, (std::vector<std::string>{kRegister, kRegister}));
    EXPECT_TRUE(out.problems.empty());
}

}  // namespace
}  // namespace sipdiff::capture
