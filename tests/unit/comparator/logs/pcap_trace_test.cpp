#include "logs/pcap_trace.h"

#include <gtest/gtest.h>

#include "test_sources.h"

namespace sipdiff::logs {
namespace {

Record udp(Endpoint src, Endpoint dst) {
    Record r;
    r.src = std::move(src);
    r.dst = std::move(dst);
    r.bytes = "OPTIONS sip:a SIP/2.0\r\n\r\n";
    return r;
}

// Asterisk's "pjsip set logger pcap" names its own end 0.0.0.0:0 ([::]:0): unknown, and the
// direction; a pcap with real addresses on both ends (kamailio's sipdump) stays as it is.
TEST(PcapTrace, AnUnspecifiedEndIsTheServersOwn) {
    const Endpoint peer{"192.0.2.7", 5060};
    auto records = pcap_trace_records(std::make_unique<testing::VectorSource>(std::vector<Record>{
        udp({"0.0.0.0", 0}, peer), udp(peer, {"0.0.0.0", 0}), udp({"::", 0}, {"2001:db8::1", 5060}),
        udp(peer, {"198.51.100.1", 5060}), udp({"0.0.0.0", 0}, {"0.0.0.0", 0})}));
    Record r;
    ASSERT_TRUE(records->next(r));
    EXPECT_FALSE(r.src.known());
    EXPECT_EQ(r.dst, peer);
    EXPECT_EQ(r.direction, Direction::Sent);
    ASSERT_TRUE(records->next(r));
    EXPECT_EQ(r.src, peer);
    EXPECT_FALSE(r.dst.known());
    EXPECT_EQ(r.direction, Direction::Received);
    ASSERT_TRUE(records->next(r));
    EXPECT_FALSE(r.src.known());
    EXPECT_EQ(r.direction, Direction::Sent);
    ASSERT_TRUE(records->next(r));
    EXPECT_EQ(r.src, peer);
    EXPECT_EQ(r.dst, (Endpoint{"198.51.100.1", 5060}));
    EXPECT_EQ(r.direction, Direction::Unknown);
    ASSERT_TRUE(records->next(r));  // both unspecified: nothing to tell
    EXPECT_EQ(r.src, (Endpoint{"0.0.0.0", 0}));
    EXPECT_EQ(r.direction, Direction::Unknown);
    EXPECT_FALSE(records->next(r));
}

}  // namespace
}  // namespace sipdiff::logs
