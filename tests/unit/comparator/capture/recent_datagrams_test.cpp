#include "capture/recent_datagrams.h"

#include <gtest/gtest.h>

#include <string>

namespace sipdiff::capture {
namespace {

const std::uint8_t kClient[4] = {10, 0, 0, 2};
const std::uint8_t kServer[4] = {10, 0, 0, 1};
const UdpFlow kToServer{ipv4_address(kClient), ipv4_address(kServer), 5061, 5060};
const UdpFlow kToClient{ipv4_address(kServer), ipv4_address(kClient), 5060, 5061};
constexpr std::int64_t kMs = 1'000'000;
const std::string kRegister = "REGISTER sip:10.0.0.1 SIP/2.0\r\nCSeq: 1 REGISTER\r\n\r\n";

TEST(RecentDatagrams, TheSamePacketAgainWithin10ms) {
    RecentDatagrams recent;
    EXPECT_EQ(recent.seen_before(kToServer, kRegister, 7, 100 * kMs), 0u);
    EXPECT_EQ(recent.seen_before(kToServer, kRegister, 8, 100 * kMs + 3000), 7u);
}

TEST(RecentDatagrams, ARetransmissionIsANewPacket) {
    RecentDatagrams recent;
    recent.seen_before(kToServer, kRegister, 7, 100 * kMs);
    EXPECT_EQ(recent.seen_before(kToServer, kRegister, 8, 600 * kMs), 0u);  // T1 later
    EXPECT_EQ(recent.seen_before(kToServer, kRegister, 9, 611 * kMs), 0u);  // 11 ms after 8
}

TEST(RecentDatagrams, OtherFlowOrOtherBytesIsAnotherPacket) {
    RecentDatagrams recent;
    recent.seen_before(kToServer, kRegister, 7, 100 * kMs);
    EXPECT_EQ(recent.seen_before(kToClient, kRegister, 8, 100 * kMs), 0u);
    std::string other = kRegister;
    other[other.size() - 5] = '2';
    EXPECT_EQ(recent.seen_before(kToServer, other, 9, 100 * kMs), 0u);
}

TEST(RecentDatagrams, CopiesAFewPacketsApartAreFound) {
    RecentDatagrams recent;
    recent.seen_before(kToServer, kRegister, 1, 100 * kMs);
    for (std::uint64_t f = 2; f <= 7; ++f) {
        recent.seen_before(kToClient, "SIP/2.0 100 Trying " + std::to_string(f), f, 100 * kMs);
    }
    EXPECT_EQ(recent.seen_before(kToServer, kRegister, 8, 101 * kMs), 1u);
}

}  // namespace
}  // namespace sipdiff::capture
