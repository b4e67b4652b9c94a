#include "sip/identity.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

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
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;branch \t= z9hG4bK3 ;rport"), "z9hG4bK3");
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;branch"), "");
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;branch;x=1"), "");
    EXPECT_EQ(via_branch("SIP/2.0/UDP h, SIP/2.0/UDP g;branch=x"), "");  // not the top Via's
    EXPECT_EQ(via_branch("SIP/2.0/UDP h;received=1;Branch=z9hG4bK4,SIP/2.0/UDP g"), "z9hG4bK4");
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
    EXPECT_EQ(key("SIP/2.0 200 OK\r\nCSeq: 1\tREGISTER\r\ni: x\r\n\r\n"),
              key("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\nCall-ID: x\r\n\r\n"));
    EXPECT_NE(key("SIP/2.0 200 OK\r\nCSeq: 1 REGISTE R\r\ni: x\r\n\r\n"),
              key("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\nCall-ID: x\r\n\r\n"));
}

TEST(Identity, HeaderNamesInAnyCaseAndCompactForm) {
    std::uint64_t k =
        key("INVITE sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
            "Call-ID: c\r\nCSeq: 2 INVITE\r\n\r\n");
    EXPECT_EQ(key("INVITE sip:a SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                  "I: c\r\ncseq: 2 INVITE\r\n\r\n"),
              k);
    EXPECT_EQ(key("INVITE sip:a SIP/2.0\r\nVIA: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                  "CALL-id : c\r\nCSEQ:2 INVITE\r\n\r\n"),
              k);
    // Look-alikes are other headers: the first Call-ID counts, not "Call-IE" or "Call_ID".
    EXPECT_EQ(key("INVITE sip:a SIP/2.0\r\nCall-IE: x\r\nCall_ID: y\r\n"
                  "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: c\r\nCSeq: 2 INVITE\r\n\r\n"),
              k);
}

TEST(Identity, CutMessageKeyedFromTheLinesItHoldsWhole) {
    const std::string whole = testing::sip_request("c9", 4);
    Message scratch;
    const std::uint64_t k = key(whole);
    const std::size_t after_cseq = whole.find("Contact:");
    EXPECT_EQ(cut_identity_key(whole.substr(0, after_cseq), scratch), k);
    EXPECT_EQ(cut_identity_key(whole.substr(0, after_cseq + 5), scratch), k);  // part of a line
    EXPECT_EQ(cut_identity_key(whole, scratch), k);
    // The CSeq line not yet ended: its value may go on, so no key.
    EXPECT_EQ(cut_identity_key(whole.substr(0, after_cseq - 2), scratch), std::nullopt);
    EXPECT_EQ(cut_identity_key(whole.substr(0, whole.find("Call-ID")), scratch), std::nullopt);
    EXPECT_EQ(cut_identity_key(whole.substr(0, 10), scratch), std::nullopt);
    EXPECT_EQ(plain_identity_key(whole.substr(0, after_cseq), scratch), std::nullopt);
}

// plain_identity_key() is a shortcut: whenever it answers, the full parse must succeed with the
// same key. Checked on realistic messages and on many damaged copies of them (blanks, folds,
// colons, line ends and letters put anywhere).
TEST(Identity, PlainShortcutAgreesWithTheFullParse) {
    std::vector<std::string> messages = {
        testing::sip_request("c1", 1),
        testing::sip_response(401, "c1", 1),
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h:5060;branch=z9hG4bKa;rport\r\n"
        "v: SIP/2.0/TCP g;branch=z9hG4bKb\r\nMax-Forwards: 70\r\nf: <sip:a@h>;tag=1\r\n"
        "t: <sip:bob@example.com>\r\ni: 77@h\r\nCSeq:  5\tINVITE \r\nContact: <sip:a@h>\r\n"
        "c: application/sdp\r\nl: 10\r\n\r\nv=0\r\no=- 1\r\n",
        "SIP/2.0 200 OK\nSubject: a\n  folded\nCall-ID: x\nCSeq: 1 BYE\n\n",
        "SIP/2.0 180 Ringing\r\nCall-ID: y\r\n\r\n",
    };
    std::mt19937 rng(2026);
    const std::string inserts = " \t:\r\nxX-_;,=";
    Message scratch, full;
    std::size_t answered = 0, checked = 0;
    for (const std::string& original : messages) {
        for (int round = 0; round < 4000; ++round) {
            std::string bytes = original;
            if (round > 0) {
                std::size_t at = rng() % bytes.size();
                bytes[at] = inserts[rng() % inserts.size()];
            }
            ++checked;
            std::optional<std::uint64_t> quick = plain_identity_key(bytes, scratch);
            if (!quick) {
                continue;
            }
            ++answered;
            ASSERT_FALSE(parse_message_into(bytes, full)) << bytes;
            ASSERT_EQ(*quick, identity_key(full)) << bytes;
        }
    }
    EXPECT_GT(answered, checked / 3);  // the shortcut is taken for most messages
    EXPECT_LT(answered, checked);      // and refused for some damaged ones
}

}  // namespace
}  // namespace sipdiff::sip
