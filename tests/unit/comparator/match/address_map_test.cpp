#include "match/address_map.h"

#include <gtest/gtest.h>

#include "test_sources.h"

namespace sipdiff::match {
namespace {

using testing::client;
using testing::server;

const Endpoint kPublic{"203.0.113.5", 5060};

// A message the trace and the capture both hold, with the endpoints each names.
struct Seen {
    Record trace, capture;
};

Seen seen(Endpoint trace_src, Endpoint trace_dst, Endpoint capture_src, Endpoint capture_dst) {
    Seen s;
    s.trace = testing::record(0, "x", trace_src, trace_dst, Direction::Received, 1, true);
    s.capture = testing::record(0, "x", capture_src, capture_dst, Direction::Unknown, 1, false);
    return s;
}

std::vector<HeadPair> pairs_of(const std::vector<Seen>& seen) {
    std::vector<HeadPair> pairs;
    for (const Seen& s : seen) {
        pairs.push_back({&s.trace, &s.capture});
    }
    return pairs;
}

TEST(AddressMap, NothingTranslatedLearnsNothing) {
    std::vector<Seen> s = {seen(client(), server(), client(), server()),
                           seen(server(), client(), server(), client())};
    AddressMap map = AddressMap::learn(pairs_of(s));
    EXPECT_TRUE(map.translations().empty());
    EXPECT_EQ(map.to_capture(server()).ip, "10.0.0.1");
}

TEST(AddressMap, ServerBehindANat) {
    std::vector<Seen> s = {seen(client(), server(), client(), kPublic),
                           seen(server(), client(), kPublic, client()),
                           seen(client(), server(), client(), kPublic)};
    AddressMap map = AddressMap::learn(pairs_of(s));
    ASSERT_EQ(map.translations().size(), 1u);
    const AddressMap::Translation& t = map.translations()[0];
    EXPECT_EQ(t.trace.ip, "10.0.0.1");
    EXPECT_EQ(t.capture.ip, "203.0.113.5");
    EXPECT_EQ(t.messages, 3u);
    EXPECT_EQ(map.to_capture(server()).ip, "203.0.113.5");
    EXPECT_EQ(map.to_capture(client()).ip, "10.0.0.2");  // the client is not translated
}

TEST(AddressMap, OneMessageIsNotEnough) {
    std::vector<Seen> s = {seen(client(), server(), client(), kPublic)};
    EXPECT_TRUE(AddressMap::learn(pairs_of(s)).translations().empty());
}

TEST(AddressMap, ContradictedTranslationIsNotLearned) {
    // The capture shows the server both ways: no NAT can be told from these.
    std::vector<Seen> s = {seen(client(), server(), client(), kPublic),
                           seen(client(), server(), client(), kPublic),
                           seen(server(), client(), server(), client())};
    EXPECT_TRUE(AddressMap::learn(pairs_of(s)).translations().empty());
}

TEST(AddressMap, APortChangeIsATranslationToo) {
    const Endpoint mapped{"10.0.0.1", 15060};
    std::vector<Seen> s = {seen(client(), server(), client(), mapped),
                           seen(server(), client(), mapped, client())};
    AddressMap map = AddressMap::learn(pairs_of(s));
    ASSERT_EQ(map.translations().size(), 1u);
    EXPECT_EQ(map.to_capture(server()).port, 15060);
}

}  // namespace
}  // namespace sipdiff::match
