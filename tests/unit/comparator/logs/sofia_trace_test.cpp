#include "logs/sofia_trace.h"

#include <gtest/gtest.h>

#include "logs/format.h"
#include "test_sources.h"

namespace sipdiff::logs {
namespace {

const std::string kDashes(72, '-');
// An empty-body message and one with a body ending in CRLF, as they are on the wire.
const std::string kOptions =
    "OPTIONS sip:probe@127.0.0.1:5090 SIP/2.0\r\nVia: SIP/2.0/UDP "
    "127.0.0.1:5082;branch=z9hG4bKa\r\n"
    "Call-ID: c1\r\nCSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n";
const std::string kOk =
    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5082;branch=z9hG4bKa\r\nCall-ID: c1\r\n"
    "CSeq: 7 OPTIONS\r\nContent-Type: application/sdp\r\nContent-Length: 10\r\n\r\nv=0\r\ns=-\r\n";

// The message as the logger prints it: each CRLF as LF, every line prefixed by `indent`.
std::string logged(const std::string& message, const std::string& indent) {
    std::string out;
    std::size_t pos = 0;
    while (pos < message.size()) {
        std::size_t end = message.find("\r\n", pos);
        out += indent + message.substr(pos, end - pos) + "\n";
        pos = end == std::string::npos ? message.size() : end + 2;
    }
    return out;
}

std::string header(const std::string& verb, const std::string& message, const std::string& peer,
                   const std::string& time) {
    return verb + " " + std::to_string(message.size()) + " bytes " +
           (verb == "recv" ? "from " : "to ") + peer + " at " + time + ":\n";
}

// sofia-sip 1.12 (FreeSWITCH up to 1.8): indented, closed by a second line of dashes.
std::string old_record(const std::string& verb, const std::string& message,
                       const std::string& time) {
    return header(verb, message, "udp/[127.0.0.1]:5090", time) + "   " + kDashes + "\n" +
           logged(message, "   ") + "   " + kDashes + "\n";
}

// sofia-sip 1.13.8 and later (FreeSWITCH 1.10): no indent, no closing line, one more LF.
std::string new_record(const std::string& verb, const std::string& message, const std::string& time,
                       const std::string& peer = "udp/[127.0.0.1]:5090") {
    return header(verb, message, peer, time) + kDashes + "\n" + logged(message, "") + "\n";
}

struct Read {
    std::vector<Record> records;
    testing::CollectingSink sink;
};

void read_all(const std::string& text, Read& out, SofiaDating dating = {"2026-11-24", {}}) {
    LocalZone zone = std::get<LocalZone>(LocalZone::parse("UTC"));
    auto reader = sofia_trace_reader(std::make_unique<TextCursor>(string_reader(text)), "fs.log",
                                     zone, std::move(dating), out.sink);
    Record r;
    while (reader->next(r)) {
        out.records.push_back(r);
    }
}

std::int64_t utc(const std::string& text) {
    LocalZone zone = std::get<LocalZone>(LocalZone::parse("UTC"));
    return *zone.to_utc_ns(text);
}

TEST(SofiaTrace, HeaderLines) {
    auto recv = parse_sofia_record_header(
        "recv 486 bytes from udp/[127.0.0.1]:5090 at "
        "09:04:02.452662:");
    ASSERT_TRUE(recv);
    EXPECT_EQ(recv->direction, Direction::Received);
    EXPECT_EQ(recv->transport, Transport::Udp);
    EXPECT_EQ(recv->remote, (Endpoint{"127.0.0.1", 5090}));
    EXPECT_EQ(recv->size, 486u);
    EXPECT_EQ(recv->time_of_day_ns, (9 * 3600 + 4 * 60 + 2) * 1'000'000'000LL + 452'662'000);
    auto send = parse_sofia_record_header(
        "send 700 bytes to tcp/[fc00:0:0:2::91]:5060/7;"
        "comp=sigcomp at 23:59:59.999999:");
    ASSERT_TRUE(send);
    EXPECT_EQ(send->direction, Direction::Sent);
    EXPECT_EQ(send->transport, Transport::Tcp);
    EXPECT_EQ(send->remote, (Endpoint{"fc00:0:0:2::91", 5060}));
    auto coloured = parse_sofia_record_header(
        "\x1b[m\x1b[0;37mrecv 5 bytes from wss/[10.0.0.1]:"
        "443 at 01:02:03.000004:");
    ASSERT_TRUE(coloured);
    EXPECT_EQ(coloured->transport, Transport::Wss);
    for (const char* bad : {
             "sent 486 bytes to udp/[127.0.0.1]:5090 at 09:04:02.452662:",   // the dump file's verb
             "recv 486 bytes from udp/[127.0.0.1]:5090 at 09:04:02.452662",  // no colon
             "recv 486 bytes from udp/127.0.0.1:5090 at 09:04:02.452662:",   // no brackets
             "recv 486 bytes from xyz/[127.0.0.1]:5090 at 09:04:02.452662:",
             "recv 486 bytes from udp/[127.0.0.1]:70000 at 09:04:02.452662:",
             "recv 486 bytes from udp/[127.0.0.1]:5090 at 25:04:02.452662:",
             "recv many bytes from udp/[127.0.0.1]:5090 at 09:04:02.452662:",
             "recv 486 bytes to udp/[127.0.0.1]:5090 at 09:04:02.452662:",
             "send 300 bytes to ud----------",  // found by fuzzing: no '/' after the count
             "send 300 bytes to udp/[127.0.0.1",
             "send 300",
         }) {
        EXPECT_FALSE(parse_sofia_record_header(bad)) << bad;
    }
}

TEST(SofiaTrace, OldLayoutRecordsAreTheWireBytes) {
    Read got;
    read_all(old_record("send", kOptions, "09:04:02.452489") +
                 old_record("recv", kOk, "09:04:02.452662"),
             got);
    EXPECT_TRUE(got.sink.problems.empty()) << got.sink.text();
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].bytes, kOptions);
    EXPECT_EQ(got.records[0].direction, Direction::Sent);
    EXPECT_EQ(got.records[0].dst, (Endpoint{"127.0.0.1", 5090}));
    EXPECT_FALSE(got.records[0].src.known());  // sofia-sip names only the peer
    EXPECT_EQ(got.records[0].origin.line, 1u);
    EXPECT_EQ(got.records[0].time_ns, utc("2026-11-24 09:04:02.452489"));
    EXPECT_EQ(got.records[1].bytes, kOk);
    EXPECT_EQ(got.records[1].src, (Endpoint{"127.0.0.1", 5090}));
    EXPECT_EQ(got.records[1].origin.line, 10u);  // 1 + header, dashes, 6 lines, dashes
}

// sofia-sip 1.12 logs line by line: another thread's line can land inside a message.
TEST(SofiaTrace, OldLayoutSkipsAForeignLineInsideAMessage) {
    std::string text = old_record("send", kOptions, "09:04:02.452489");
    text.insert(text.find("   Call-ID"), "nua.c:123 nua_r_options: 200 OK\n");
    Read got;
    read_all(text, got);
    ASSERT_EQ(got.records.size(), 1u);
    EXPECT_EQ(got.records[0].bytes, kOptions);
}

TEST(SofiaTrace, NewLayoutTakesItsDateFromTheLogLines) {
    const std::string text = "2026-11-23 23:59:58.100000 98.93% [NOTICE] mod_sofia.c:1 up\n" +
                             new_record("send", kOptions, "23:59:59.000001") +
                             new_record("recv", kOk, "00:00:00.500000") +
                             "2026-11-24 00:00:01.000000 98.90% [DEBUG] sofia.c:2 x\n" +
                             new_record("send", kOptions, "00:00:02.000000");
    Read got;
    read_all(text, got, {"", {}});  // no date given: the dated lines say it
    EXPECT_TRUE(got.sink.problems.empty()) << got.sink.text();
    ASSERT_EQ(got.records.size(), 3u);
    EXPECT_EQ(got.records[0].time_ns, utc("2026-11-23 23:59:59.000001"));
    EXPECT_EQ(got.records[1].time_ns, utc("2026-11-24 00:00:00.5"));  // after midnight
    EXPECT_EQ(got.records[1].bytes, kOk);
    EXPECT_EQ(got.records[2].time_ns, utc("2026-11-24 00:00:02"));
}

TEST(SofiaTrace, WithoutDatedLinesTheDateFollowsMidnight) {
    Read got;
    read_all(new_record("send", kOptions, "23:59:59.000000") +
                 new_record("recv", kOk, "00:00:01.000000"),
             got, {"2026-02-28", {}});
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].time_ns, utc("2026-02-28 23:59:59"));
    EXPECT_EQ(got.records[1].time_ns, utc("2026-03-01 00:00:01"));
}

TEST(SofiaTrace, WithoutAnyDateTheDayNearestTheCaptureIsTaken) {
    Read got;
    // The capture starts at 00:00:05 on 2026-11-25; a record at 23:59:58 is from the 24th.
    read_all(new_record("send", kOptions, "23:59:58.000000"), got,
             {"", utc("2026-11-25 00:00:05")});
    ASSERT_EQ(got.records.size(), 1u);
    EXPECT_EQ(got.records[0].time_ns, utc("2026-11-24 23:59:58"));
}

// Before sofia-sip 1.13.8 a body without a final line end ran into the next log output.
TEST(SofiaTrace, NextLogOutputGluedToABodyIsReadAgain) {
    const std::string body_without_crlf = kOk.substr(0, kOk.size() - 2);
    std::string glued = header("recv", body_without_crlf, "udp/[127.0.0.1]:5090", "09:00:00.1") +
                        kDashes + "\n" + logged(body_without_crlf, "");
    glued.pop_back();  // the body's last line has no LF: the next record starts on it
    glued += new_record("send", kOptions, "09:00:01.000000");
    Read got;
    read_all(glued, got);
    EXPECT_TRUE(got.sink.problems.empty()) << got.sink.text();
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].bytes, body_without_crlf);
    EXPECT_EQ(got.records[1].bytes, kOptions);
}

TEST(SofiaTrace, DamagedRecordsAreReportedAndSkipped) {
    // Cut by the logger (FreeSWITCH stops at 16000 bytes): the next record comes early.
    std::string cut = new_record("recv", kOk, "09:00:00.000000");
    cut.erase(cut.find("v=0"));
    // No line of dashes after the first line.
    std::string no_dashes =
        header("send", kOptions, "udp/[127.0.0.1]:5090", "09:00:01.0") + logged(kOptions, "");
    Read got;
    read_all(cut + no_dashes + new_record("send", kOptions, "09:00:02.000000"), got);
    ASSERT_EQ(got.records.size(), 1u);
    EXPECT_EQ(got.records[0].time_ns, utc("2026-11-24 09:00:02"));
    ASSERT_EQ(got.sink.problems.size(), 2u) << got.sink.text();
    EXPECT_EQ(got.sink.problems[0].where.line, 1u);
    EXPECT_NE(got.sink.problems[0].reason.find("shorter than its byte count"), std::string::npos);
    EXPECT_NE(got.sink.problems[1].reason.find("no line of dashes"), std::string::npos);
    // The end of the file inside a record.
    Read end;
    std::string truncated = new_record("send", kOptions, "09:00:00.000000");
    read_all(truncated.substr(0, truncated.size() / 2), end);
    EXPECT_TRUE(end.records.empty());
    ASSERT_EQ(end.sink.problems.size(), 1u);
    EXPECT_NE(end.sink.problems[0].reason.find("end of the file"), std::string::npos);
}

TEST(SofiaTrace, FormatDetection) {
    const std::string fs_log = "2026-11-24 09:00:00.000000 [INFO] switch_core.c:1 ready\n" +
                               new_record("send", kOptions, "09:00:01.000000");
    EXPECT_EQ(detect_format(fs_log), LogFormat::SofiaTrace);
    EXPECT_EQ(detect_format(old_record("recv", kOk, "09:00:01.000000")), LogFormat::SofiaTrace);
    EXPECT_EQ(parse_format_name("freeswitch"), LogFormat::SofiaTrace);
    EXPECT_EQ(parse_format_name("sofia"), LogFormat::SofiaTrace);
    // A header line alone, or dashes without one, is not enough.
    EXPECT_EQ(detect_format(header("send", kOptions, "udp/[1.2.3.4]:5060", "09:00:00.0") +
                            "OPTIONS sip:x SIP/2.0\n"),
              std::nullopt);
    EXPECT_EQ(detect_format(kDashes + "\n" + logged(kOptions, "")), std::nullopt);
}

}  // namespace
}  // namespace sipdiff::logs
