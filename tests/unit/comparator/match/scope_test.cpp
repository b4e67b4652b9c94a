#include "match/scope.h"

#include <gtest/gtest.h>

namespace sipdiff::match {
namespace {

TEST(EndpointPattern, Forms) {
    auto a = parse_endpoint_pattern("127.0.0.1:5060");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->ip, "127.0.0.1");
    EXPECT_EQ(a->port, 5060);
    auto b = parse_endpoint_pattern("10.1.2.3");
    ASSERT_TRUE(b);
    EXPECT_FALSE(b->port);
    auto c = parse_endpoint_pattern("[::0001]:5060");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->ip, "::1");
    EXPECT_EQ(to_string(*c), "[::1]:5060");
    auto d = parse_endpoint_pattern("fe80::1");
    ASSERT_TRUE(d);
    EXPECT_FALSE(d->port);
    for (const char* bad : {"", "host.example:5060", "1.2.3.4:", "1.2.3.4:70000", "1.2.3.4:0",
                            "[::1", "[::1]x", "300.1.1.1"}) {
        EXPECT_FALSE(parse_endpoint_pattern(bad)) << bad;
    }
}

Record rec(Endpoint src, Endpoint dst, Direction d = Direction::Unknown) {
    Record r;
    r.src = std::move(src);
    r.dst = std::move(dst);
    r.direction = d;
    return r;
}

TEST(Scope, OptionWithAndWithoutPort) {
    Scope s(Scope::Basis::Option);
    s.add(*parse_endpoint_pattern("10.0.0.1:5060"));
    s.add(*parse_endpoint_pattern("10.0.0.9"));
    EXPECT_EQ(s.direction_of(rec({"10.0.0.1", 5060}, {"10.0.0.2", 5061})), Direction::Sent);
    EXPECT_EQ(s.direction_of(rec({"10.0.0.2", 5061}, {"10.0.0.1", 5060})), Direction::Received);
    EXPECT_EQ(s.direction_of(rec({"10.0.0.2", 5061}, {"10.0.0.9", 1})), Direction::Received);
    EXPECT_FALSE(s.covers(rec({"10.0.0.2", 5061}, {"10.0.0.1", 5070})));
}

TEST(Scope, LearnsFromTraceAndFromPairs) {
    Scope trace(Scope::Basis::TraceAddresses);
    trace.learn_from_trace(rec({"10.0.0.2", 5061}, {"10.0.0.1", 5060}, Direction::Received));
    EXPECT_EQ(trace.describe(), std::vector<std::string>{"10.0.0.1:5060"});
    Scope content(Scope::Basis::CaptureContent);
    content.learn_from_trace(rec({"10.0.0.2", 5061}, {"10.0.0.1", 5060}, Direction::Received));
    EXPECT_TRUE(content.describe().empty());
    content.learn_from_pair(Direction::Sent, rec({"10.0.0.2", 5061}, {"10.0.0.1", 5060}));
    EXPECT_EQ(content.describe(), std::vector<std::string>{"10.0.0.2:5061"});
    Scope all(Scope::Basis::Everything);
    EXPECT_TRUE(all.covers(rec({"1.1.1.1", 1}, {"2.2.2.2", 2})));
    EXPECT_EQ(all.direction_of(rec({"1.1.1.1", 1}, {"2.2.2.2", 2})), Direction::Unknown);
}

TEST(Scope, LearnsEveryEndpointOfATraceThatSpeaksForSeveral) {
    Scope trace(Scope::Basis::TraceAddresses);
    for (int round = 0; round < 2; ++round) {
        trace.learn_from_trace(rec({"10.0.0.2", 5061}, {"10.0.0.1", 5060}, Direction::Received));
        trace.learn_from_trace(rec({"10.0.0.1", 5060}, {"10.0.0.2", 5061}, Direction::Sent));
        trace.learn_from_trace(rec({"10.0.0.2", 5061}, {"10.0.0.1", 5080}, Direction::Received));
        trace.learn_from_trace(rec({"10.0.0.7", 5080}, {"10.0.0.2", 5061}, Direction::Sent));
    }
    EXPECT_EQ(trace.describe(),
              (std::vector<std::string>{"10.0.0.1:5060", "10.0.0.1:5080", "10.0.0.7:5080"}));
}

}  // namespace
}  // namespace sipdiff::match
