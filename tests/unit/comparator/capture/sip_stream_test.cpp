#include "capture/sip_stream.h"

#include <gtest/gtest.h>

namespace sipdiff::capture {
namespace {

const std::string kA = "REGISTER sip:127.0.0.1 SIP/2.0\r\nCall-ID: a\r\nContent-Length: 0\r\n\r\n";
// A body ending in CRLF (like SDP), so that the line after it can be found again after a gap.
const std::string kB = "SIP/2.0 401 Unauthorized\r\nCall-ID: a\r\nl: 5\r\n\r\nhel\r\n";
const std::string kC = "SIP/2.0 200 OK\r\nCall-ID: c\r\nContent-Length: 3\r\n\r\nabc";

struct Harness {
    SipStreamFramer framer;
    std::vector<std::string> messages;
    std::vector<std::size_t> full_sizes;
    std::vector<std::string> problems;
    void feed(const std::string& bytes, std::uint64_t gap = 0, bool gap_is_cut = false) {
        std::vector<StreamMessage> out;
        framer.feed(ByteSpan(std::string_view(bytes)), gap, gap_is_cut, out, problems);
        for (StreamMessage& m : out) {
            messages.push_back(std::move(m.bytes));
            full_sizes.push_back(m.full_size);
        }
    }
};

TEST(SipStream, TwoMessagesInOneSegment) {
    Harness h;
    h.feed(kA + kB);
    EXPECT_EQ(h.messages, (std::vector<std::string>{kA, kB}));
    EXPECT_TRUE(h.problems.empty());
    EXPECT_TRUE(h.framer.is_sip());
}

TEST(SipStream, OneMessageAcrossThreeSegments) {
    Harness h;
    h.feed(kB.substr(0, 10));
    h.feed(kB.substr(10, 30));
    EXPECT_TRUE(h.messages.empty());
    h.feed(kB.substr(40) + kC.substr(0, 4));
    EXPECT_EQ(h.messages, (std::vector<std::string>{kB}));
    h.feed(kC.substr(4));
    EXPECT_EQ(h.messages, (std::vector<std::string>{kB, kC}));
    EXPECT_TRUE(h.problems.empty());
}

TEST(SipStream, EveryByteSeparately) {
    Harness h;
    const std::string stream = kA + "\r\n\r\n" + kB + kC;
    for (char c : stream) {
        h.feed(std::string(1, c));
    }
    EXPECT_EQ(h.messages, (std::vector<std::string>{kA, kB, kC}));
    EXPECT_TRUE(h.problems.empty());
}

TEST(SipStream, CrlfKeepAlivesBetweenMessages) {
    Harness h;
    h.feed("\r\n\r\n");
    h.feed(kA + "\r\n\r\n");
    h.feed("\r\n");
    h.feed(kB + "\r\n\r\n");
    EXPECT_EQ(h.messages, (std::vector<std::string>{kA, kB}));
    EXPECT_TRUE(h.problems.empty());
    h.framer.finish(h.problems);
    EXPECT_TRUE(h.problems.empty());
}

TEST(SipStream, JoinedMidMessageSkipsToTheFirstStartLine) {
    Harness h;
    h.feed(kB.substr(20) + kC);
    EXPECT_EQ(h.messages, (std::vector<std::string>{kC}));
    ASSERT_EQ(h.problems.size(), 1u);
    EXPECT_NE(h.problems[0].find("before the first SIP message"), std::string::npos);
}

TEST(SipStream, GapDropsThePartialMessageAndResynchronises) {
    Harness h;
    h.feed(kA + kB.substr(0, 20));
    h.feed(kB.substr(30) + kC, 10);
    EXPECT_EQ(h.messages, (std::vector<std::string>{kA, kC}));
    ASSERT_EQ(h.problems.size(), 2u);
    EXPECT_NE(h.problems[0].find("10 bytes missing"), std::string::npos);
    EXPECT_NE(h.problems[0].find("incomplete SIP message"), std::string::npos);
    EXPECT_NE(h.problems[1].find("non-SIP"), std::string::npos);
}

TEST(SipStream, GapAtAMessageBoundary) {
    Harness h;
    h.feed(kA);
    h.feed(kC, kB.size());
    EXPECT_EQ(h.messages, (std::vector<std::string>{kA, kC}));
    ASSERT_EQ(h.problems.size(), 1u);
}

TEST(SipStream, GarbageBetweenMessagesReported) {
    Harness h;
    h.feed(kA + "garbage here\r\n" + kC);
    EXPECT_EQ(h.messages, (std::vector<std::string>{kA, kC}));
    ASSERT_EQ(h.problems.size(), 1u);
    EXPECT_NE(h.problems[0].find("12 bytes of non-SIP"), std::string::npos);
}

TEST(SipStream, NotSipStreamIgnored) {
    Harness h;
    h.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    for (int i = 0; i < 100; ++i) {
        h.feed(std::string(1000, 'x') + "\r\n");
    }
    EXPECT_TRUE(h.framer.ignored());
    EXPECT_EQ(h.framer.buffered(), 0u);
    EXPECT_TRUE(h.messages.empty());
    EXPECT_TRUE(h.problems.empty());
}

TEST(SipStream, IncompleteMessageAtTheEnd) {
    Harness h;
    h.feed(kA + kC.substr(0, 30));
    h.framer.finish(h.problems);
    EXPECT_EQ(h.messages, (std::vector<std::string>{kA}));
    ASSERT_EQ(h.problems.size(), 1u);
    EXPECT_NE(h.problems[0].find("30 bytes of an incomplete SIP message"), std::string::npos);
}

TEST(SipStream, MissingContentLengthOnAStream) {
    Harness h;
    const std::string no_length = "SIP/2.0 200 OK\r\nCall-ID: z\r\n\r\n";
    h.feed(no_length + kA);
    EXPECT_EQ(h.messages, (std::vector<std::string>{no_length, kA}));
    ASSERT_EQ(h.problems.size(), 1u);
    EXPECT_NE(h.problems[0].find("without Content-Length"), std::string::npos);
}

}  // namespace
// A gap the snapshot length made: the message it cut is kept cut short when its size is known.
TEST(SipStreamFramer, MessageCutByAGapIsKeptWhenItsSizeIsKnown) {
    // Headers whole: the Content-Length gives the size.
    Harness by_length;
    by_length.feed(kA + kC.substr(0, kC.size() - 2));
    by_length.feed(kB, 2, true);
    EXPECT_EQ(by_length.messages, (std::vector<std::string>{kA, kC.substr(0, kC.size() - 2), kB}));
    EXPECT_EQ(by_length.full_sizes, (std::vector<std::size_t>{0, kC.size(), 0}));
    EXPECT_TRUE(by_length.problems.empty());  // a snapshot cut is no news
    // Headers cut: the next message right after the gap says where this one ended.
    Harness by_next;
    by_next.feed(kC.substr(0, 20));
    by_next.feed(kB, kC.size() - 20, false);
    EXPECT_EQ(by_next.messages, (std::vector<std::string>{kC.substr(0, 20), kB}));
    EXPECT_EQ(by_next.full_sizes, (std::vector<std::size_t>{kC.size(), 0}));
    ASSERT_EQ(by_next.problems.size(), 1u);  // a real loss is reported
    EXPECT_NE(by_next.problems[0].find("kept cut short (20 of"), std::string::npos);
    // Or the stream ends with the gap (an empty last chunk).
    Harness at_end;
    at_end.feed(kC.substr(0, 20));
    at_end.feed("", kC.size() - 20, true);
    EXPECT_EQ(at_end.full_sizes, (std::vector<std::size_t>{kC.size()}));
    // Neither: the size is unknown and the piece is dropped.
    Harness unknown;
    unknown.feed(kC.substr(0, 20));
    unknown.feed(kB.substr(5), 20, true);
    EXPECT_TRUE(unknown.messages.empty());
    ASSERT_EQ(unknown.problems.size(), 1u);
    EXPECT_NE(unknown.problems[0].find("is dropped"), std::string::npos);
    // Bytes after a message that are not yet a whole start line (found by fuzzing): not kept.
    Harness not_a_message;
    not_a_message.feed(kA + "SIP/2.");
    not_a_message.feed(kB, 10, true);
    EXPECT_EQ(not_a_message.messages, (std::vector<std::string>{kA, kB}));
    EXPECT_EQ(not_a_message.full_sizes, (std::vector<std::size_t>{0, 0}));
}

}  // namespace sipdiff::capture
