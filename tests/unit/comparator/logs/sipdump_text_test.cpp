#include "logs/sipdump_text.h"

#include <gtest/gtest.h>

#include "test_sources.h"

namespace sipdiff::logs {
namespace {

std::string header(const std::string& tag, const std::string& time, const std::string& proto,
                   const std::string& extra = "") {
    return "====================\ntag: " + tag + "\npid: 1\nprocess: 1\ntime: " + time +
           "\ndate: Tue Nov 24 01:16:40 2026\nproto: " + proto +
           "\nsrcip: 10.0.0.2\nsrcport: 5061\ndstip: 10.0.0.1\ndstport: 5060\n" + extra +
           "~~~~~~~~~~~~~~~~~~~~\n";
}

const std::string kEnd = "||||||||||||||||||||\n";

std::vector<Record> read_all(const std::string& text, testing::CollectingSink& sink) {
    auto reader =
        sipdump_text_reader(std::make_unique<TextCursor>(string_reader(text)), "t.data", sink);
    std::vector<Record> out;
    Record r;
    while (reader->next(r)) {
        out.push_back(r);
    }
    return out;
}

TEST(SipdumpText, ReadsRecordsWithAllFields) {
    std::string msg = testing::sip_request("c1", 1);
    std::string reply = testing::sip_response(200, "c1", 1);
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "1795483000.503627", "udp ipv4") + msg + kEnd +
                             header("snd", "1795483000.5", "tcp ipv4") + reply + kEnd,
                         sink);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_TRUE(sink.problems.empty());
    EXPECT_EQ(recs[0].bytes, msg);
    EXPECT_EQ(recs[0].time_ns, 1795483000503627000);
    EXPECT_EQ(recs[0].direction, Direction::Received);
    EXPECT_EQ(recs[0].transport, Transport::Udp);
    EXPECT_EQ(recs[0].src.ip, "10.0.0.2");
    EXPECT_EQ(recs[0].src.port, 5061);
    EXPECT_EQ(recs[0].dst.port, 5060);
    EXPECT_EQ(recs[0].origin.file, "t.data");
    EXPECT_EQ(recs[0].origin.line, 1u);
    EXPECT_EQ(recs[1].direction, Direction::Sent);
    EXPECT_EQ(recs[1].transport, Transport::Tcp);
    EXPECT_EQ(recs[1].time_ns, 1795483000500000000);
    EXPECT_EQ(recs[1].origin.line, 12u + 9u + 1u + 1u);  // header, message, end marker
}

TEST(SipdumpText, TheHttpRequestOpeningAWebSocketIsANoteNotARecord) {
    const std::string upgrade =
        "GET / HTTP/1.1\r\nHost: 10.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: "
        "Upgrade\r\nSec-WebSocket-Protocol: sip\r\n\r\n";
    const std::string msg = testing::sip_request("c1", 1);
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "1.0", "tcp ipv4") + upgrade + kEnd +
                             header("rcv", "2.0", "ws ipv4") + msg + kEnd +
                             header("rcv", "3.0", "tcp ipv4") + upgrade + kEnd,
                         sink);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].bytes, msg);
    EXPECT_EQ(recs[0].transport, Transport::Ws);
    ASSERT_EQ(sink.problems.size(), 1u);  // once per trace
    EXPECT_TRUE(sink.problems[0].notice);
    EXPECT_EQ(sink.problems[0].where.line, 1u);
}

TEST(SipdumpText, BodyWithoutTrailingNewlinePutsEndMarkerOnSameLine) {
    std::string msg = "MESSAGE sip:a SIP/2.0\r\nContent-Length: 5\r\n\r\nhello";
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "1.0", "udp ipv4") + msg + kEnd +
                             header("snd", "2.0", "udp ipv4") + "x|" + kEnd,
                         sink);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].bytes, msg);
    EXPECT_EQ(recs[1].bytes, "x|");  // a '|' of the body is not part of the marker
    EXPECT_TRUE(sink.problems.empty());
}

TEST(SipdumpText, EndMarkerWithoutLfAtEndOfFile) {
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "1.0", "udp ipv4") + "abc\r\n||||||||||||||||||||", sink);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].bytes, "abc\r\n");
    EXPECT_TRUE(sink.problems.empty());
}

TEST(SipdumpText, RecordsOutOfTimeOrderAreKeptInFileOrder) {
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "5.000300", "udp ipv4") + "a\r\n" + kEnd +
                             header("rcv", "5.000100", "udp ipv4") + "b\r\n" + kEnd,
                         sink);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_GT(recs[0].time_ns, recs[1].time_ns);
}

TEST(SipdumpText, RecordThatLostItsEndMarkerIsSkipped) {
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "1.0", "udp ipv4") + "cut short\r\n" +
                             header("snd", "2.0", "udp ipv4") + "ok\r\n" + kEnd,
                         sink);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].bytes, "ok\r\n");
    ASSERT_EQ(sink.problems.size(), 1u);
    EXPECT_EQ(sink.problems[0].where.line, 1u);
    EXPECT_NE(sink.problems[0].reason.find("no end marker"), std::string::npos);
    EXPECT_EQ(recs[0].origin.line, 12u + 1u + 1u);  // after a 12-line header and one body line
}

TEST(SipdumpText, MarkerIsTheLast20PipesOfItsLine) {
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "1.0", "udp ipv4") + "a\nb|||||" + kEnd +
                             header("rcv", "2.0", "udp ipv4") + "c\n" + kEnd,
                         sink);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].bytes, "a\nb|||||");
    EXPECT_EQ(recs[1].origin.line, 12u + 2u + 1u);  // the marker shares the body's last line
    EXPECT_TRUE(sink.problems.empty());
}

TEST(SipdumpText, TruncatedLastRecord) {
    testing::CollectingSink sink;
    auto recs = read_all(header("rcv", "1.0", "udp ipv4") + "ok\r\n" + kEnd +
                             header("rcv", "2.0", "udp ipv4") + "REGISTER sip:x SIP/2.0\r\nVia",
                         sink);
    ASSERT_EQ(recs.size(), 1u);
    ASSERT_EQ(sink.problems.size(), 1u);
    EXPECT_EQ(sink.problems[0].where.line, 15u);
}

TEST(SipdumpText, BadHeaderFieldsAreReportedWithTheirLine) {
    testing::CollectingSink sink;
    std::string bad_tag = header("xxx", "1.0", "udp ipv4") + "a\r\n" + kEnd;
    std::string bad_time = header("rcv", "12:00", "udp ipv4") + "b\r\n" + kEnd;
    std::string bad_proto = header("rcv", "1.0", "carrier-pigeon ipv4") + "c\r\n" + kEnd;
    std::string good = header("rcv", "1.0", "udp ipv4") + "d\r\n" + kEnd;
    auto recs = read_all(bad_tag + bad_time + bad_proto + good, sink);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].bytes, "d\r\n");
    ASSERT_EQ(sink.problems.size(), 3u);
    EXPECT_EQ(sink.problems[0].where.line, 2u);
    EXPECT_NE(sink.problems[0].reason.find("tag"), std::string::npos);
    EXPECT_NE(sink.problems[1].reason.find("time"), std::string::npos);
    EXPECT_NE(sink.problems[2].reason.find("proto"), std::string::npos);
}

// Headers that are not written exactly as sipdump writes them (blank lines, extra blanks, CRLF)
// are still read, the same as the usual ones, and the record after them keeps its line number.
TEST(SipdumpText, HeaderLinesWithOddSpacingAreReadToo) {
    std::string odd =
        "====================\ntag:rcv\r\n\ntime:   1.5 \nproto: udp ipv4\nsrcip: 10.0.0.2\t\n"
        "srcport:  5061\ndstip: 10.0.0.1\ndstport: 5060\n~~~~~~~~~~~~~~~~~~~~\nodd\n" +
        kEnd;
    testing::CollectingSink sink;
    auto recs = read_all(odd + header("snd", "2.0", "udp ipv4") + "usual\n" + kEnd, sink);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_TRUE(sink.problems.empty());
    EXPECT_EQ(recs[0].time_ns, 1'500'000'000);
    EXPECT_EQ(recs[0].direction, Direction::Received);
    EXPECT_EQ(recs[0].src.ip, "10.0.0.2");
    EXPECT_EQ(recs[0].src.port, 5061);
    EXPECT_EQ(recs[0].bytes, "odd\n");
    EXPECT_EQ(recs[1].origin.line, 10u + 1u + 1u + 1u);  // 10 header lines, body, end marker
    EXPECT_EQ(recs[1].bytes, "usual\n");
}

// sipdump writes its header lines in one order; the same lines in another order, with a key of
// some later version among them, give the same record.
TEST(SipdumpText, HeaderLinesInAnotherOrderGiveTheSameRecord) {
    const std::string usual = header("rcv", "1795483000.503627", "tcp ipv6") + "m\n" + kEnd;
    const std::string reordered =
        "====================\ndstport: 5060\nproto: tcp ipv6\nsrcip: 10.0.0.2\nversion: 6\n"
        "time: 1795483000.503627\ntag: rcv\ndstip: 10.0.0.1\nsrcport: 5061\n"
        "~~~~~~~~~~~~~~~~~~~~\nm\n" +
        kEnd;
    testing::CollectingSink sink;
    auto recs = read_all(usual + reordered + usual, sink);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_TRUE(sink.problems.empty());
    for (const Record& r : recs) {
        EXPECT_EQ(r.direction, Direction::Received);
        EXPECT_EQ(r.time_ns, 1795483000503627000);
        EXPECT_EQ(r.transport, Transport::Tcp);
        EXPECT_EQ(r.src.ip, "10.0.0.2");
        EXPECT_EQ(r.src.port, 5061);
        EXPECT_EQ(r.dst.ip, "10.0.0.1");
        EXPECT_EQ(r.dst.port, 5060);
        EXPECT_EQ(r.bytes, "m\n");
    }
    EXPECT_EQ(recs[1].origin.line, 15u);  // 12 header lines, the message, the end marker
    EXPECT_EQ(recs[2].origin.line, 27u);  // 14 lines of the first record, 12 of the second
}

TEST(SipdumpText, PortOutOfRangeIsReportedWithItsLine) {
    std::string bad = header("rcv", "1.0", "udp ipv4");
    bad.replace(bad.find("dstport: 5060"), 13, "dstport: 70000");
    testing::CollectingSink sink;
    auto recs =
        read_all(bad + "a\r\n" + kEnd + header("snd", "2.0", "udp ipv4") + "b\r\n" + kEnd, sink);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].bytes, "b\r\n");
    ASSERT_EQ(sink.problems.size(), 1u);
    EXPECT_EQ(sink.problems[0].where.line, 11u);
    EXPECT_NE(sink.problems[0].reason.find("dstport '70000'"), std::string::npos);
}

TEST(SipdumpText, MissingFieldIsReported) {
    testing::CollectingSink sink;
    std::string no_dst =
        "====================\ntag: rcv\ntime: 1.0\nproto: udp ipv4\nsrcip: 1.2.3.4\nsrcport: 1\n"
        "~~~~~~~~~~~~~~~~~~~~\nx\r\n" +
        kEnd;
    auto recs = read_all(no_dst, sink);
    EXPECT_TRUE(recs.empty());
    ASSERT_EQ(sink.problems.size(), 1u);
    EXPECT_NE(sink.problems[0].reason.find("dstip"), std::string::npos);
}

TEST(SipdumpText, GarbageBetweenRecordsIsReportedOncePerRun) {
    testing::CollectingSink sink;
    std::string rec = header("rcv", "1.0", "udp ipv4") + "a\r\n" + kEnd;
    auto recs = read_all("junk 1\njunk 2\n" + rec + "more junk\n" + rec, sink);
    EXPECT_EQ(recs.size(), 2u);
    ASSERT_EQ(sink.problems.size(), 2u);
    EXPECT_EQ(sink.problems[0].where.line, 1u);
    EXPECT_EQ(sink.problems[1].where.line, 17u);
}

TEST(SipdumpText, HeaderInterruptedByANewRecord) {
    testing::CollectingSink sink;
    std::string broken = "====================\ntag: rcv\n";
    auto recs = read_all(broken + header("snd", "1.0", "udp ipv4") + "a\r\n" + kEnd, sink);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].origin.line, 3u);
    ASSERT_EQ(sink.problems.size(), 1u);
}

}  // namespace
}  // namespace sipdiff::logs
