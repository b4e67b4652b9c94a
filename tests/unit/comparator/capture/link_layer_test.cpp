#include "capture/link_layer.h"

#include <gtest/gtest.h>

#include "bytes_builder.h"

namespace sipdiff::capture {
namespace {

using namespace testing;

const Bytes kIpv4Packet = ipv4({10, 0, 0, 1}, {10, 0, 0, 2}, 17, udp(5060, 5060, bytes_of("x")));
const Bytes kIpv6Packet = ipv6(1, 2, 17, udp(5060, 5060, bytes_of("x")));

// The decoded packet must be exactly the bytes after the link header.
void expect_ip(const LinkResult& r, const Bytes& packet) {
    ASSERT_EQ(r.kind, LinkResult::Kind::Ip) << r.reason;
    ASSERT_EQ(r.packet.size, packet.size());
    EXPECT_EQ(Bytes(r.packet.data, r.packet.data + r.packet.size), packet);
}

TEST(LinkLayer, EthernetIpv4AndIpv6) {
    const Bytes f4 = ethernet(0x0800, kIpv4Packet);
    expect_ip(decode_link(link_type::kEthernet, span(f4)), kIpv4Packet);
    const Bytes f6 = ethernet(0x86DD, kIpv6Packet);
    expect_ip(decode_link(link_type::kEthernet, span(f6)), kIpv6Packet);
}

TEST(LinkLayer, EthernetVlanTags) {
    const Bytes dot1q = ethernet(0x0800, kIpv4Packet, {0x8100});
    expect_ip(decode_link(link_type::kEthernet, span(dot1q)), kIpv4Packet);
    const Bytes qinq = ethernet(0x86DD, kIpv6Packet, {0x88A8, 0x8100});
    expect_ip(decode_link(link_type::kEthernet, span(qinq)), kIpv6Packet);
    const Bytes old_qinq = ethernet(0x0800, kIpv4Packet, {0x9100, 0x8100});
    expect_ip(decode_link(link_type::kEthernet, span(old_qinq)), kIpv4Packet);
}

TEST(LinkLayer, EthernetOtherProtocolsAreOutOfScope) {
    const Bytes arp = ethernet(0x0806, Bytes(28, 0));
    EXPECT_EQ(decode_link(link_type::kEthernet, span(arp)).kind, LinkResult::Kind::NotIp);
    const Bytes tagged_arp = ethernet(0x0806, Bytes(28, 0), {0x8100});
    EXPECT_EQ(decode_link(link_type::kEthernet, span(tagged_arp)).kind, LinkResult::Kind::NotIp);
}

TEST(LinkLayer, TruncatedEthernetIsMalformed) {
    const Bytes short_frame(10, 0);
    const LinkResult r = decode_link(link_type::kEthernet, span(short_frame));
    EXPECT_EQ(r.kind, LinkResult::Kind::Malformed);
    EXPECT_NE(r.reason.find("Ethernet"), std::string::npos);
    // A VLAN ethertype with fewer than 4 bytes after it.
    Bytes cut = ethernet(0x8100, Bytes{0x00});
    EXPECT_EQ(decode_link(link_type::kEthernet, span(cut)).kind, LinkResult::Kind::Malformed);
}

TEST(LinkLayer, LinuxCookedV1) {
    const Bytes f4 = sll(0x0800, kIpv4Packet);
    expect_ip(decode_link(link_type::kLinuxSll, span(f4)), kIpv4Packet);
    const Bytes f6 = sll(0x86DD, kIpv6Packet);
    expect_ip(decode_link(link_type::kLinuxSll, span(f6)), kIpv6Packet);
    const Bytes tagged = sll(0x8100, concat(Bytes{0x00, 0x05, 0x08, 0x00}, kIpv4Packet));
    expect_ip(decode_link(link_type::kLinuxSll, span(tagged)), kIpv4Packet);
    EXPECT_EQ(decode_link(link_type::kLinuxSll, span(Bytes(15, 0))).kind,
              LinkResult::Kind::Malformed);
}

TEST(LinkLayer, LinuxCookedV2) {
    const Bytes f4 = sll2(0x0800, kIpv4Packet);
    expect_ip(decode_link(link_type::kLinuxSll2, span(f4)), kIpv4Packet);
    const Bytes f6 = sll2(0x86DD, kIpv6Packet);
    expect_ip(decode_link(link_type::kLinuxSll2, span(f6)), kIpv6Packet);
    EXPECT_EQ(decode_link(link_type::kLinuxSll2, span(sll2(0x0806, Bytes(28, 0)))).kind,
              LinkResult::Kind::NotIp);
    EXPECT_EQ(decode_link(link_type::kLinuxSll2, span(Bytes(19, 0))).kind,
              LinkResult::Kind::Malformed);
}

TEST(LinkLayer, NullLoopbackBothByteOrders) {
    expect_ip(decode_link(link_type::kNull, span(null_loopback(2, true, kIpv4Packet))),
              kIpv4Packet);
    expect_ip(decode_link(link_type::kNull, span(null_loopback(2, false, kIpv4Packet))),
              kIpv4Packet);
    // IPv6 family numbers differ between systems: Linux 10, BSDs 24, FreeBSD 28, macOS 30.
    for (std::uint32_t af : {10u, 24u, 28u, 30u}) {
        for (bool little : {true, false}) {
            SCOPED_TRACE(::testing::Message() << "af " << af << " little " << little);
            expect_ip(decode_link(link_type::kNull, span(null_loopback(af, little, kIpv6Packet))),
                      kIpv6Packet);
        }
    }
    expect_ip(decode_link(link_type::kLoop, span(null_loopback(2, false, kIpv4Packet))),
              kIpv4Packet);
    EXPECT_EQ(decode_link(link_type::kNull, span(null_loopback(7, true, kIpv4Packet))).kind,
              LinkResult::Kind::NotIp);
    EXPECT_EQ(decode_link(link_type::kNull, span(Bytes(3, 0))).kind, LinkResult::Kind::Malformed);
}

TEST(LinkLayer, RawIp) {
    for (int type : {link_type::kRaw, link_type::kRawOpenBsd, link_type::kRawLinktype}) {
        expect_ip(decode_link(type, span(kIpv4Packet)), kIpv4Packet);
        expect_ip(decode_link(type, span(kIpv6Packet)), kIpv6Packet);
    }
    expect_ip(decode_link(link_type::kIpv4, span(kIpv4Packet)), kIpv4Packet);
    expect_ip(decode_link(link_type::kIpv6, span(kIpv6Packet)), kIpv6Packet);
    const Bytes not_ip{0x50, 0, 0, 0};
    EXPECT_EQ(decode_link(link_type::kRaw, span(not_ip)).kind, LinkResult::Kind::NotIp);
    EXPECT_EQ(decode_link(link_type::kRaw, ByteSpan{}).kind, LinkResult::Kind::Malformed);
}

TEST(LinkLayer, SupportedTypes) {
    EXPECT_TRUE(link_type_supported(link_type::kEthernet));
    EXPECT_TRUE(link_type_supported(link_type::kLinuxSll2));
    EXPECT_FALSE(link_type_supported(105));  // 802.11
    EXPECT_EQ(decode_link(105, span(kIpv4Packet)).kind, LinkResult::Kind::NotIp);
}

}  // namespace
}  // namespace sipdiff::capture
