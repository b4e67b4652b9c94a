#include "match/diff.h"

#include <gtest/gtest.h>

#include "test_sources.h"

namespace sipdiff::match {
namespace {

std::vector<std::string> lines(const MessageDiff& d) {
    std::vector<std::string> out;
    for (const DiffLine& l : d.lines) {
        out.push_back(std::string(1, l.op) + l.text);
    }
    return out;
}

TEST(Diff, RewrittenContactIsOneHeaderChange) {
    std::string a = testing::sip_request("c1", 1);
    std::string b = a;
    b.replace(b.find("10.0.0.2:5061>"), 14, "192.0.2.9:40000>");
    MessageDiff d = diff_messages(a, b);
    EXPECT_EQ(d.changed_headers, std::vector<std::string>{"Contact"});
    EXPECT_EQ(lines(d), (std::vector<std::string>{"-Contact: <sip:100@10.0.0.2:5061>",
                                                  "+Contact: <sip:100@192.0.2.9:40000>"}));
    EXPECT_TRUE(d.notes.empty());
}

TEST(Diff, CutCopyComparedAsFarAsItGoes) {
    std::string a = testing::sip_request("c1", 1);
    std::string b = a;
    b.replace(b.find("10.0.0.2:5061>"), 14, "192.0.2.9:40000>");
    const std::size_t wire = b.size();
    b.resize(b.find("Content-Length") + 3);
    MessageDiff d = diff_cut_messages(a, a.size(), b, wire);
    EXPECT_EQ(d.changed_headers, std::vector<std::string>{"Contact"});
    EXPECT_EQ(lines(d), (std::vector<std::string>{"-Contact: <sip:100@10.0.0.2:5061>",
                                                  "+Contact: <sip:100@192.0.2.9:40000>"}));
    ASSERT_EQ(d.notes.size(), 2u);
    EXPECT_EQ(d.notes[0], "capture copy cut by the snapshot length (" + std::to_string(b.size()) +
                              " of " + std::to_string(wire) +
                              " bytes): compared as far as it goes");
    EXPECT_EQ(d.notes[1], "the message is " + std::to_string(a.size()) +
                              " bytes in the trace and " + std::to_string(wire) + " on the wire");
    // A difference inside the line the cut went through is still shown.
    std::string c = a;
    c.replace(c.find("<sip:100@10.0.0.2"), 17, "<sip:100@10.0.0.9");
    c.resize(c.find("10.0.0.9") + 9);
    d = diff_cut_messages(a, a.size(), c, a.size());
    EXPECT_EQ(d.changed_headers, std::vector<std::string>{"Contact"});
    EXPECT_EQ(lines(d), (std::vector<std::string>{"-Contact: <sip:100@10.0.0.2:",
                                                  "+Contact: <sip:100@10.0.0.9:"}));
}

TEST(Diff, AddedAndRemovedHeadersAndRepeatedOnes) {
    std::string a = "SIP/2.0 200 OK\r\nVia: v1\r\nVia: v2\r\nX-A: 1\r\n\r\n";
    std::string b = "SIP/2.0 200 OK\r\nVia: v1\r\nVia: v2b\r\nX-B: 2\r\n\r\n";
    MessageDiff d = diff_messages(a, b);
    EXPECT_EQ(d.changed_headers, (std::vector<std::string>{"Via", "X-A", "X-B"}));
    EXPECT_EQ(lines(d), (std::vector<std::string>{"-Via: v2", "+Via: v2b", "-X-A: 1", "+X-B: 2"}));
}

TEST(Diff, CompactFormCountsAsAChange) {
    MessageDiff d =
        diff_messages("SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n", "SIP/2.0 200 OK\r\ni: x\r\n\r\n");
    EXPECT_EQ(d.changed_headers, std::vector<std::string>{"Call-ID"});
}

TEST(Diff, BodyLinesAndContentLength) {
    std::string head = "INVITE sip:a SIP/2.0\r\nContent-Length: 24\r\n\r\n";
    std::string a = head + "v=0\r\nc=IN IP4 10.0.0.2\r\n";
    std::string b = head + "v=0\r\nc=IN IP4 192.0.2.99\r\n";
    MessageDiff d = diff_messages(a, b);
    EXPECT_TRUE(d.changed_headers.empty());
    EXPECT_EQ(lines(d), (std::vector<std::string>{"-c=IN IP4 10.0.0.2", "+c=IN IP4 192.0.2.99"}));
    ASSERT_EQ(d.notes.size(), 2u);
    EXPECT_NE(d.notes[0].find("capture copy: Content-Length 24 but the body has 26 bytes"),
              std::string::npos);
    EXPECT_NE(d.notes[1].find("body"), std::string::npos);
}

TEST(Diff, Truncation) {
    std::string a = testing::sip_request("c1", 1);
    MessageDiff d = diff_messages(a, a.substr(0, 100));
    ASSERT_FALSE(d.notes.empty());
    EXPECT_NE(d.notes[0].find("capture copy is truncated: 100 of"), std::string::npos);
}

TEST(Diff, StartLineAndUnparsable) {
    MessageDiff d = diff_messages("SIP/2.0 200 OK\r\n\r\n", "SIP/2.0 200 Fine\r\n\r\n");
    EXPECT_EQ(lines(d), (std::vector<std::string>{"-SIP/2.0 200 OK", "+SIP/2.0 200 Fine"}));
    MessageDiff g = diff_messages("garbage\r\n", "SIP/2.0 200 OK\r\n\r\n");
    EXPECT_FALSE(g.notes.empty());
    EXPECT_FALSE(g.lines.empty());
}

TEST(Diff, WhitespaceOnly) {
    MessageDiff d =
        diff_messages("SIP/2.0 200 OK\r\nA: 1\r\n\r\n", "SIP/2.0 200 OK\r\nA:  1\r\n\r\n");
    ASSERT_EQ(d.notes.size(), 1u);
    EXPECT_NE(d.notes[0].find("spacing"), std::string::npos);
}

}  // namespace
}  // namespace sipdiff::match
