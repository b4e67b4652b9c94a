#include "capture/ip.h"

#include <gtest/gtest.h>

#include "bytes_builder.h"

namespace sipdiff::capture {
namespace {

using namespace testing;

IpPacket parse_ok(const Bytes& b) {
    auto r = parse_ip(span(b), false);
    if (auto* e = std::get_if<ParseError>(&r)) {
        ADD_FAILURE() << e->reason;
        return {};
    }
    return std::get<IpPacket>(r);
}

std::string parse_error(const Bytes& b) {
    auto r = parse_ip(span(b), false);
    auto* e = std::get_if<ParseError>(&r);
    return e != nullptr ? e->reason : std::string("(parsed)");
}

Bytes extension(std::uint8_t next, std::size_t eight_byte_units) {
    Bytes h(eight_byte_units * 8, 0);
    h[0] = next;
    h[1] = static_cast<std::uint8_t>(eight_byte_units - 1);
    return h;
}

TEST(Ip, Ipv4HeaderFieldsAndPaddingIgnored) {
    const Bytes payload = udp(5060, 5061, bytes_of("hello"));
    Bytes packet = ipv4({192, 168, 1, 10}, {10, 1, 2, 3}, 17, payload);
    packet.resize(packet.size() + 6, 0xEE);  // Ethernet minimum-size padding
    const IpPacket p = parse_ok(packet);
    EXPECT_EQ(to_string(p.src), "192.168.1.10");
    EXPECT_EQ(to_string(p.dst), "10.1.2.3");
    EXPECT_EQ(p.protocol, 17);
    EXPECT_FALSE(p.fragment);
    EXPECT_EQ(Bytes(p.payload.data, p.payload.data + p.payload.size), payload);
}

TEST(Ip, Ipv4WithOptions) {
    Bytes packet = ipv4({1, 2, 3, 4}, {5, 6, 7, 8}, 6, Bytes(4, 0));
    packet.insert(packet.begin() + 20, {1, 1, 1, 1});  // 4 bytes of NOP options
    packet[0] = 0x46;
    packet[3] = static_cast<std::uint8_t>(packet.size());
    const IpPacket p = parse_ok(packet);
    EXPECT_EQ(p.payload.size, 4u);
}

TEST(Ip, Ipv4FragmentFields) {
    const Bytes packet = ipv4({1, 2, 3, 4}, {5, 6, 7, 8}, 17, Bytes(16, 0), 0x1234, 1480, true);
    const IpPacket p = parse_ok(packet);
    EXPECT_TRUE(p.fragment);
    EXPECT_TRUE(p.more_fragments);
    EXPECT_EQ(p.fragment_offset, 1480u);
    EXPECT_EQ(p.fragment_id, 0x1234u);
    const Bytes tail = ipv4({1, 2, 3, 4}, {5, 6, 7, 8}, 17, Bytes(3, 0), 9, 8, false);
    const IpPacket last = parse_ok(tail);
    EXPECT_TRUE(last.fragment);
    EXPECT_FALSE(last.more_fragments);
}

TEST(Ip, Ipv4Malformed) {
    EXPECT_NE(parse_error(Bytes{0x45, 0, 0}).find("truncated"), std::string::npos);
    Bytes short_ihl = ipv4({1, 2, 3, 4}, {5, 6, 7, 8}, 17, Bytes(8, 0));
    short_ihl[0] = 0x44;
    EXPECT_NE(parse_error(short_ihl).find("header length 16"), std::string::npos);
    Bytes long_total = ipv4({1, 2, 3, 4}, {5, 6, 7, 8}, 17, Bytes(8, 0));
    long_total[2] = 0x05;  // 1280+ bytes announced, 28 captured
    EXPECT_NE(parse_error(long_total).find("exceeds"), std::string::npos);
    Bytes total_below_header = ipv4({1, 2, 3, 4}, {5, 6, 7, 8}, 17, Bytes(8, 0));
    total_below_header[3] = 10;
    EXPECT_NE(parse_error(total_below_header).find("below its header"), std::string::npos);
    EXPECT_NE(parse_error(Bytes{0x55, 0, 0, 0}).find("version 5"), std::string::npos);
}

TEST(Ip, CutPacketIsAcceptedOnlyWhenTheFrameWasCut) {
    Bytes v4 = ipv4({10, 0, 0, 1}, {10, 0, 0, 2}, 17, Bytes(100, 7));
    Bytes v6 = ipv6(1, 2, 17, Bytes(100, 7));
    v4.resize(60);
    v6.resize(60);
    for (const Bytes* b : {&v4, &v6}) {
        auto refused = parse_ip(span(*b), false);
        EXPECT_TRUE(std::holds_alternative<ParseError>(refused));
        auto cut = parse_ip(span(*b), true);
        ASSERT_TRUE(std::holds_alternative<IpPacket>(cut));
        const IpPacket& p = std::get<IpPacket>(cut);
        const std::size_t header = b == &v4 ? 20 : 40;
        EXPECT_EQ(p.payload.size, 60 - header);
        EXPECT_EQ(p.missing, 100 - (60 - header));
    }
    Bytes header_only = v4;
    header_only.resize(12);  // not even the IPv4 header
    EXPECT_TRUE(std::holds_alternative<ParseError>(parse_ip(span(header_only), true)));
}

TEST(Ip, Ipv6Plain) {
    const Bytes payload = udp(5060, 5060, bytes_of("abc"));
    const Bytes packet = ipv6(1, 2, 17, payload);
    const IpPacket p = parse_ok(packet);
    EXPECT_EQ(to_string(p.src), "2001:db8::1");
    EXPECT_EQ(to_string(p.dst), "2001:db8::2");
    EXPECT_EQ(p.protocol, 17);
    EXPECT_EQ(p.payload.size, payload.size());
    EXPECT_FALSE(p.fragment);
}

TEST(Ip, Ipv6ExtensionHeadersSkipped) {
    const Bytes payload = udp(5060, 5060, bytes_of("abc"));
    const Bytes chain = concat(extension(ip_proto::kRouting, 1),             // hop-by-hop
                               concat(extension(ip_proto::kDestOptions, 2),  // routing
                                      concat(extension(ip_proto::kUdp, 1), payload)));  // dst
    const Bytes packet = ipv6(1, 2, ip_proto::kHopByHop, chain);
    const IpPacket p = parse_ok(packet);
    EXPECT_EQ(p.protocol, ip_proto::kUdp);
    EXPECT_EQ(Bytes(p.payload.data, p.payload.data + p.payload.size), payload);
}

TEST(Ip, Ipv6FragmentHeader) {
    const Bytes data(16, 0xAB);
    const Bytes packet =
        ipv6(1, 2, ip_proto::kHopByHop,
             concat(extension(ip_proto::kFragment, 1),
                    concat(ipv6_fragment_header(ip_proto::kUdp, 1232, true, 0xDEADBEEF), data)));
    const IpPacket p = parse_ok(packet);
    EXPECT_TRUE(p.fragment);
    EXPECT_TRUE(p.more_fragments);
    EXPECT_EQ(p.fragment_offset, 1232u);
    EXPECT_EQ(p.fragment_id, 0xDEADBEEFu);
    EXPECT_EQ(p.protocol, ip_proto::kUdp);
    EXPECT_EQ(p.payload.size, data.size());
}

TEST(Ip, Ipv6AtomicFragmentIsNotAFragment) {
    const Bytes payload = udp(1, 2, bytes_of("z"));
    const Bytes packet =
        ipv6(1, 2, ip_proto::kFragment, concat(ipv6_fragment_header(17, 0, false, 5), payload));
    const IpPacket p = parse_ok(packet);
    EXPECT_FALSE(p.fragment);
    EXPECT_EQ(p.protocol, 17);
    EXPECT_EQ(p.payload.size, payload.size());
}

TEST(Ip, Ipv6Malformed) {
    EXPECT_NE(parse_error(Bytes(39, 0x60)).find("IPv6 header truncated"), std::string::npos);
    Bytes too_long = ipv6(1, 2, 17, Bytes(8, 0));
    too_long[5] = 200;
    EXPECT_NE(parse_error(too_long).find("exceeds"), std::string::npos);
    Bytes bad_ext = extension(17, 1);
    bad_ext[1] = 5;  // claims 48 bytes, has 8
    EXPECT_NE(parse_error(ipv6(1, 2, ip_proto::kDestOptions, bad_ext)).find("extension header"),
              std::string::npos);
    Bytes zero = ipv6(1, 2, 17, Bytes(8, 0));
    zero[4] = zero[5] = 0;
    EXPECT_NE(parse_error(zero).find("jumbogram"), std::string::npos);
}

TEST(Ip, SkipExtensionsAfterReassembly) {
    const Bytes payload = udp(1, 2, bytes_of("q"));
    const Bytes rest = concat(extension(17, 1), payload);
    std::uint8_t next = ip_proto::kDestOptions;
    ByteSpan s = span(rest);
    auto r = skip_ipv6_extensions(next, s);
    ASSERT_TRUE(std::holds_alternative<std::monostate>(r));
    EXPECT_EQ(next, 17);
    EXPECT_EQ(s.size, payload.size());
    next = ip_proto::kFragment;
    s = span(rest);
    EXPECT_TRUE(std::holds_alternative<ParseError>(skip_ipv6_extensions(next, s)));
}

}  // namespace
}  // namespace sipdiff::capture
