#include <gtest/gtest.h>

#include "bytes_builder.h"
#include "capture/tcp.h"
#include "capture/udp.h"

namespace sipdiff::capture {
namespace {

using namespace testing;

TEST(Udp, HeaderAndPayload) {
    Bytes d = udp(5061, 5060, bytes_of("payload"));
    d.push_back(0);  // trailing byte beyond the UDP length is ignored
    auto r = parse_udp(span(d), 0);
    ASSERT_TRUE(std::holds_alternative<UdpDatagram>(r));
    const UdpDatagram& u = std::get<UdpDatagram>(r);
    EXPECT_EQ(u.src_port, 5061);
    EXPECT_EQ(u.dst_port, 5060);
    EXPECT_EQ(u.payload.chars(), "payload");
}

TEST(Udp, Malformed) {
    EXPECT_TRUE(std::holds_alternative<ParseError>(parse_udp(span(Bytes(7, 0)), 0)));
    Bytes too_long = udp(1, 2, bytes_of("abc"));
    too_long[5] = 50;
    auto r = parse_udp(span(too_long), 0);
    ASSERT_TRUE(std::holds_alternative<ParseError>(r));
    EXPECT_NE(std::get<ParseError>(r).reason.find("UDP length 50"), std::string::npos);
    Bytes too_short = udp(1, 2, bytes_of("abc"));
    too_short[5] = 4;
    EXPECT_TRUE(std::holds_alternative<ParseError>(parse_udp(span(too_short), 0)));
}

TEST(Udp, CutDatagramKeepsWhatWasCaptured) {
    Bytes d = udp(5060, 5070, bytes_of("INVITE sip:x SIP/2.0"));
    d.resize(12);  // 8 header + 4 payload bytes captured, 16 cut off
    auto r = parse_udp(span(d), 16);
    ASSERT_TRUE(std::holds_alternative<UdpDatagram>(r));
    const UdpDatagram& u = std::get<UdpDatagram>(r);
    EXPECT_EQ(u.payload.chars(), "INVI");
    EXPECT_EQ(u.missing, 16u);
    // The UDP length must still fit what the IP layer says was sent.
    EXPECT_TRUE(std::holds_alternative<ParseError>(parse_udp(span(d), 15)));
}

TEST(Tcp, HeaderAndPayload) {
    Bytes s = tcp(5063, 5060, 0xFFFFFFFEu, tcp_flag::kSyn | tcp_flag::kAck, bytes_of("hi"));
    auto r = parse_tcp(span(s));
    ASSERT_TRUE(std::holds_alternative<TcpSegment>(r));
    const TcpSegment& t = std::get<TcpSegment>(r);
    EXPECT_EQ(t.src_port, 5063);
    EXPECT_EQ(t.dst_port, 5060);
    EXPECT_EQ(t.seq, 0xFFFFFFFEu);
    EXPECT_TRUE(t.syn());
    EXPECT_FALSE(t.fin());
    EXPECT_EQ(t.payload.chars(), "hi");
}

TEST(Tcp, OptionsSkipped) {
    Bytes s = tcp(1, 2, 3, tcp_flag::kAck, bytes_of("data"));
    s.insert(s.begin() + 20, {1, 1, 1, 1, 1, 1, 1, 1});
    s[12] = 7 << 4;
    const TcpSegment t = std::get<TcpSegment>(parse_tcp(span(s)));
    EXPECT_EQ(t.payload.chars(), "data");
}

TEST(Tcp, Malformed) {
    EXPECT_TRUE(std::holds_alternative<ParseError>(parse_tcp(span(Bytes(19, 0)))));
    Bytes bad_offset = tcp(1, 2, 3, 0, {});
    bad_offset[12] = 4 << 4;
    EXPECT_TRUE(std::holds_alternative<ParseError>(parse_tcp(span(bad_offset))));
    Bytes beyond = tcp(1, 2, 3, 0, {});
    beyond[12] = 15 << 4;
    EXPECT_TRUE(std::holds_alternative<ParseError>(parse_tcp(span(beyond))));
}

}  // namespace
}  // namespace sipdiff::capture
