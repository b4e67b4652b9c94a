#include "capture/ip_reassembly.h"

#include <gtest/gtest.h>

#include <numeric>

#include "bytes_builder.h"

namespace sipdiff::capture {
namespace {

using namespace testing;

constexpr std::int64_t kSecond = 1'000'000'000;

// A UDP datagram of `n` bytes with recognisable content.
Bytes sample_datagram(std::size_t n) {
    Bytes payload(n - 8);
    std::iota(payload.begin(), payload.end(), std::uint8_t{0});
    return udp(5060, 5060, payload);
}

// Fragments of `datagram` as IPv4 packets, `size` payload bytes each (multiple of 8).
std::vector<Bytes> fragments_v4(const Bytes& datagram, std::size_t size, std::uint16_t id = 7) {
    std::vector<Bytes> out;
    for (std::size_t at = 0; at < datagram.size(); at += size) {
        const std::size_t n = std::min(size, datagram.size() - at);
        const Bytes part(datagram.begin() + static_cast<std::ptrdiff_t>(at),
                         datagram.begin() + static_cast<std::ptrdiff_t>(at + n));
        out.push_back(ipv4({10, 0, 0, 1}, {10, 0, 0, 2}, 17, part, id,
                           static_cast<std::uint16_t>(at), at + n < datagram.size()));
    }
    return out;
}

std::vector<Bytes> fragments_v6(const Bytes& datagram, std::size_t size, std::uint32_t id) {
    std::vector<Bytes> out;
    for (std::size_t at = 0; at < datagram.size(); at += size) {
        const std::size_t n = std::min(size, datagram.size() - at);
        const Bytes part(datagram.begin() + static_cast<std::ptrdiff_t>(at),
                         datagram.begin() + static_cast<std::ptrdiff_t>(at + n));
        out.push_back(ipv6(1, 2, ip_proto::kFragment,
                           concat(ipv6_fragment_header(17, static_cast<std::uint16_t>(at),
                                                       at + n < datagram.size(), id),
                                  part)));
    }
    return out;
}

IpPacket packet(const Bytes& b) {
    return std::get<IpPacket>(parse_ip(span(b), false));
}

TEST(IpReassembly, InOrder) {
    const Bytes datagram = sample_datagram(3000);
    const auto parts = fragments_v4(datagram, 1480);
    ASSERT_EQ(parts.size(), 3u);
    IpReassembler r;
    EXPECT_FALSE(r.add(packet(parts[0]), 0, 1).complete);
    EXPECT_FALSE(r.add(packet(parts[1]), 0, 2).complete);
    auto last = r.add(packet(parts[2]), 0, 3);
    ASSERT_TRUE(last.complete);
    EXPECT_EQ(last.complete->payload, datagram);
    EXPECT_EQ(last.complete->protocol, 17);
    EXPECT_EQ(last.complete->first_frame, 1u);
    EXPECT_EQ(to_string(last.complete->src), "10.0.0.1");
    EXPECT_EQ(r.pending(), 0u);
}

TEST(IpReassembly, OutOfOrder) {
    const Bytes datagram = sample_datagram(2000);
    const auto parts = fragments_v4(datagram, 496);
    ASSERT_EQ(parts.size(), 5u);
    IpReassembler r;
    std::optional<Datagram> done;
    for (std::size_t i : {4u, 2u, 0u, 3u, 1u}) {
        auto res = r.add(packet(parts[i]), 0, i + 1);
        EXPECT_FALSE(res.dropped);
        if (res.complete) {
            EXPECT_EQ(i, 1u) << "completed before the last missing fragment";
            done = std::move(res.complete);
        }
    }
    ASSERT_TRUE(done);
    EXPECT_EQ(done->payload, datagram);
}

TEST(IpReassembly, DuplicatesAndOverlapsKeepFirstBytes) {
    const Bytes datagram = sample_datagram(64);
    IpReassembler r;
    // Bytes 0..32, then a duplicate, then an overlapping fragment 16..48 whose bytes differ in
    // the overlap (must be ignored there), then the tail 48..64.
    Bytes first(datagram.begin(), datagram.begin() + 32);
    Bytes overlap(datagram.begin() + 16, datagram.begin() + 48);
    std::fill(overlap.begin(), overlap.begin() + 16, 0xFF);
    Bytes tail(datagram.begin() + 48, datagram.end());
    const V4 a{1, 1, 1, 1}, b{2, 2, 2, 2};
    EXPECT_FALSE(r.add(packet(ipv4(a, b, 17, first, 3, 0, true)), 0, 1).complete);
    EXPECT_FALSE(r.add(packet(ipv4(a, b, 17, first, 3, 0, true)), 0, 2).complete);
    EXPECT_FALSE(r.add(packet(ipv4(a, b, 17, overlap, 3, 16, true)), 0, 3).complete);
    auto res = r.add(packet(ipv4(a, b, 17, tail, 3, 48, false)), 0, 4);
    ASSERT_TRUE(res.complete);
    EXPECT_EQ(res.complete->payload, datagram);
}

TEST(IpReassembly, SeparateDatagramsBySourceAndId) {
    const Bytes d1 = sample_datagram(100);
    const Bytes d2 = sample_datagram(120);
    const auto p1 = fragments_v4(d1, 64, 1);
    const auto p2 = fragments_v4(d2, 64, 2);
    IpReassembler r;
    r.add(packet(p1[0]), 0, 1);
    r.add(packet(p2[0]), 0, 2);
    EXPECT_EQ(r.pending(), 2u);
    auto c2 = r.add(packet(p2[1]), 0, 3);
    auto c1 = r.add(packet(p1[1]), 0, 4);
    ASSERT_TRUE(c1.complete && c2.complete);
    EXPECT_EQ(c1.complete->payload, d1);
    EXPECT_EQ(c2.complete->payload, d2);
}

TEST(IpReassembly, Ipv6Fragments) {
    const Bytes datagram = sample_datagram(3000);
    const auto parts = fragments_v6(datagram, 1232, 0xABCDEF01);
    ASSERT_EQ(parts.size(), 3u);
    IpReassembler r;
    EXPECT_FALSE(r.add(packet(parts[2]), 0, 1).complete);
    EXPECT_FALSE(r.add(packet(parts[0]), 0, 2).complete);
    auto res = r.add(packet(parts[1]), 0, 3);
    ASSERT_TRUE(res.complete);
    EXPECT_EQ(res.complete->payload, datagram);
    EXPECT_EQ(to_string(res.complete->dst), "2001:db8::2");
}

TEST(IpReassembly, IncompleteExpiresAfterTimeout) {
    const auto parts = fragments_v4(sample_datagram(2000), 1000);
    IpReassembler r(ReassemblyLimits{5 * kSecond, 16, 65535});
    r.add(packet(parts[0]), 100 * kSecond, 42);
    EXPECT_TRUE(r.expire(104 * kSecond).empty());
    const auto dropped = r.expire(106 * kSecond);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].first_frame, 42u);
    EXPECT_NE(dropped[0].reason.find("incomplete"), std::string::npos);
    EXPECT_EQ(r.pending(), 0u);
    // The late tail alone does not complete anything.
    EXPECT_FALSE(r.add(packet(parts[1]), 107 * kSecond, 43).complete);
    EXPECT_EQ(r.drain().size(), 1u);
}

TEST(IpReassembly, TooManyPendingEvictsOldest) {
    IpReassembler r(ReassemblyLimits{30 * kSecond, 2, 65535});
    const Bytes d = sample_datagram(200);
    r.add(packet(fragments_v4(d, 64, 1)[0]), 1, 1);
    r.add(packet(fragments_v4(d, 64, 2)[0]), 2, 2);
    auto res = r.add(packet(fragments_v4(d, 64, 3)[0]), 3, 3);
    ASSERT_TRUE(res.dropped);
    EXPECT_EQ(res.dropped->first_frame, 1u);
    EXPECT_EQ(r.pending(), 2u);
}

TEST(IpReassembly, InconsistentFragmentsAreDropped) {
    const V4 a{1, 1, 1, 1}, b{2, 2, 2, 2};
    IpReassembler r;
    r.add(packet(ipv4(a, b, 17, Bytes(8, 1), 9, 16, false)), 0, 1);             // ends at 24
    auto res = r.add(packet(ipv4(a, b, 17, Bytes(8, 1), 9, 24, false)), 0, 2);  // ends at 32
    ASSERT_TRUE(res.dropped);
    EXPECT_NE(res.dropped->reason.find("disagree"), std::string::npos);
    EXPECT_EQ(r.pending(), 0u);

    auto beyond = r.add(packet(ipv4(a, b, 17, Bytes(16, 1), 10, 65528, true)), 0, 3);
    ASSERT_TRUE(beyond.dropped);
    EXPECT_NE(beyond.dropped->reason.find("beyond"), std::string::npos);
}

}  // namespace
}  // namespace sipdiff::capture
