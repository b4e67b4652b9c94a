#include "logs/sipp_msg.h"

#include <gtest/gtest.h>

#include "test_sources.h"

namespace sipdiff::logs {
namespace {

const std::string kDashes = "----------------------------------------------- ";

std::string sent_old(const std::string& time, const std::string& msg) {
    return kDashes + time + "\nUDP message sent (" + std::to_string(msg.size()) + " bytes):\n\n" +
           msg + "\n";
}
std::string received(const std::string& time, const std::string& msg) {
    return kDashes + time + "\nUDP message received [" + std::to_string(msg.size()) +
           "] bytes :\n\n" + msg + "\n";
}
std::string sent_new(const std::string& time, const std::string& msg) {
    return kDashes + time + "\nTCP message sent [" + std::to_string(msg.size()) + "] bytes:\n\n" +
           msg + "\n";
}

struct Read {
    std::vector<Record> records;
    testing::CollectingSink sink;
    TraceGaps gaps;
};

void read_all(const std::string& text, Read& out, const std::string& zone = "UTC") {
    LocalZone z = std::get<LocalZone>(LocalZone::parse(zone));
    auto reader = sipp_msg_reader(std::make_unique<TextCursor>(string_reader(text)), "s.log", z,
                                  out.gaps, out.sink);
    Record r;
    while (reader->next(r)) {
        out.records.push_back(r);
    }
}

TEST(SippMsg, RecordHeaderForms) {
    auto old_sent = parse_sipp_record_header("UDP message sent (352 bytes):");
    ASSERT_TRUE(old_sent);
    EXPECT_EQ(old_sent->direction, Direction::Sent);
    EXPECT_EQ(old_sent->size, 352u);
    auto recv = parse_sipp_record_header("TCP message received [438] bytes :");
    ASSERT_TRUE(recv);
    EXPECT_EQ(recv->direction, Direction::Received);
    EXPECT_EQ(recv->transport, Transport::Tcp);
    EXPECT_EQ(recv->size, 438u);
    auto new_sent = parse_sipp_record_header("UDP message sent [352] bytes:");
    ASSERT_TRUE(new_sent);
    EXPECT_EQ(new_sent->size, 352u);
    auto control = parse_sipp_record_header("UDP control message received [10] bytes :");
    ASSERT_TRUE(control);
    auto partial = parse_sipp_record_header("Truncation sending TCP message (347 of 361 sent):");
    ASSERT_TRUE(partial);
    EXPECT_EQ(partial->size, 361u);
    EXPECT_EQ(partial->direction, Direction::Sent);
    EXPECT_FALSE(parse_sipp_record_header("UDP message sent (x bytes):"));
    EXPECT_FALSE(parse_sipp_record_header("FOO message sent (3 bytes):"));
    EXPECT_FALSE(parse_sipp_record_header("UDP message lost (3 bytes):"));
    EXPECT_FALSE(parse_sipp_record_header("UDP message sent (3 bytes)"));
}

TEST(SippMsg, ReadsOldAndNewFormsWithTimesAndNoAddresses) {
    std::string a = testing::sip_request("c1", 1);
    std::string b = testing::sip_response(401, "c1", 1);
    std::string c = testing::sip_request("c1", 2);
    Read r;
    read_all(sent_old("2026-11-24 01:16:40.503411", a) + received("2026-11-24 01:16:40.504247", b) +
                 sent_new("2026-11-24 01:16:40.504332", c),
             r);
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_TRUE(r.sink.problems.empty());
    EXPECT_EQ(r.records[0].bytes, a);
    EXPECT_EQ(r.records[0].direction, Direction::Sent);
    EXPECT_EQ(r.records[0].time_ns, 1795483000503411000);
    EXPECT_FALSE(r.records[0].src.known());
    EXPECT_EQ(r.records[1].bytes, b);
    EXPECT_EQ(r.records[1].direction, Direction::Received);
    EXPECT_EQ(r.records[2].transport, Transport::Tcp);
    EXPECT_EQ(r.records[1].origin.line, 14u);
}

TEST(SippMsg, LocalTimeZoneIsApplied) {
    Read r;
    read_all(sent_old("2026-11-24 02:16:40.503411", "x"), r, "+01:00");
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_EQ(r.records[0].time_ns, 1795483000503411000);
}

TEST(SippMsg, DebugLinesAreSkippedAndBufferedWritesCounted) {
    std::string a = testing::sip_request("c1", 1);
    Read r;
    read_all(
        "Problem EAGAIN on socket  11 and poll_idx  is 2 \n"
        "Added first buffered message to socket 11\n"
        "Problem EWOULDBLOCK on socket  11 and poll_idx  is 2 \n"
        "Exit problem event on socket 11 \n"
        "Wrote 354 of 354 bytes in an output buffer.\n" +
            sent_old("2026-11-24 01:16:40.1", a) +
            "Problem EWOULDBLOCK on socket  7 and poll_idx  is 1 \n"
            "Attempted socket flush returned -1\r\n"
            "Appended buffered message to socket 7\n",
        r);
    EXPECT_EQ(r.records.size(), 1u);
    EXPECT_TRUE(r.sink.problems.empty());
    EXPECT_EQ(r.gaps.unlogged_sent, 2u);
    EXPECT_EQ(r.gaps.first.line, 2u);
}

TEST(SippMsg, UnknownLinesAreReportedOncePerRun) {
    Read r;
    read_all("what is this\nand this\n" + sent_old("2026-11-24 01:16:40.1", "x"), r);
    EXPECT_EQ(r.records.size(), 1u);
    ASSERT_EQ(r.sink.problems.size(), 1u);
    EXPECT_EQ(r.sink.problems[0].where.line, 1u);
}

TEST(SippMsg, MessageShorterThanItsByteCountIsSkipped) {
    // A NUL byte cut the printed message short: the next record starts inside the byte count.
    std::string shortened = kDashes +
                            "2026-11-24 01:16:40.1\nUDP message received [500] bytes :\n\n" +
                            "SIP/2.0 200 OK\r\n\n";
    Read r;
    read_all(shortened + sent_old("2026-11-24 01:16:41.1", "ok"), r);
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_EQ(r.records[0].bytes, "ok");
    ASSERT_EQ(r.sink.problems.size(), 1u);
    EXPECT_EQ(r.sink.problems[0].where.line, 1u);
}

TEST(SippMsg, BadTimeAndBadHeaderAreReported) {
    Read r;
    read_all(kDashes + "yesterday\nUDP message sent (1 bytes):\n\nx\n" + kDashes +
                 "2026-11-24 01:16:40.1\nUDP message mangled\n\nx\n" +
                 sent_old("2026-11-24 01:16:41.1", "ok"),
             r);
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_EQ(r.sink.problems.size(), 2u);
    EXPECT_EQ(r.sink.problems[0].where.line, 1u);
    EXPECT_EQ(r.sink.problems[1].where.line, 6u);
}

TEST(SippMsg, LastRecordWithoutTrailingLf) {
    Read r;
    read_all(kDashes + "2026-11-24 01:16:40.1\nUDP message sent (2 bytes):\n\nok", r);
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_TRUE(r.sink.problems.empty());
}

}  // namespace
}  // namespace sipdiff::logs
