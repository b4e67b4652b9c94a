#include "sip/identity.h"

#include <gtest/gtest.h>

#include "test_sources.h"

namespace sipdiff::sip {
namespace {

std::uint64_t key(const std::string& bytes) {
    auto r = parse_message(bytes);
    return identity_key(std::get<Message>(r));
}

TEST(Identity, ViaBranch) {
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;branch=z9hG4bK1;rport"), "z9hG4bK1");
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;rport; BRANCH=z9hG4bK2"), "z9hG4bK2");
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;branch=a, SIP/2.0/UDP g;branch=b"), "a");
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;branches=x"), "");
    EXPECT_EQ(via_branch("SIP/2.0/UDP h"), "");
}

TEST(Identity, SameMessageRewrittenKeepsItsIdentity) {
    std::string a = testing::sip_request("c1", 1);
    std::string b = a;
    b.replace(b.find("10.0.0.2:5061>"), 14, "192.0.2.9:40000>");  // Contact rewritten by an ALG
    EXPECT_EQ(key(a), key(b));
}

TEST(Identity, DifferentMessagesDiffer) {
    EXPECT_NE(key(testing::sip_request("c1", 1)), key(testing::sip_request("c1", 2)));
    EXPECT_NE(key(testing::sip_request("c1", 1)), key(testing::sip_request("c2", 1)));
    EXPECT_NE(key(testing::sip_response(401, "c1", 1)), key(testing::sip_response(200, "c1", 1)));
    EXPECT_NE(key(testing::sip_request("c1", 1)), key(testing::sip_response(200, "c1", 1)));
}

TEST(Identity, CSeqSpacingDoesNotMatter) {
    EXPECT_EQ(key("SIP/2.0 200 OK\r\nCSeq: 1   REGISTER\r\ni: x\r\n\r\n"),
              key("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\nCall-ID: x\r\n\r\n"));
}

}  // namespace
}  // namespace sipdiff::sip
