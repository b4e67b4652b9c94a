#include "logs/asterisk_pjsip.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "logs/format.h"
#include "test_sources.h"

namespace sipdiff::logs {
namespace {

const std::string kRegister =
    "REGISTER sip:pbx.lab.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
    "Call-ID: c1\r\nCSeq: 1 REGISTER\r\nContent-Length:  0\r\n\r\n";
const std::string kOk =
    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\nCall-ID: c1\r\n"
    "CSeq: 1 REGISTER\r\nContent-Type: application/sdp\r\nContent-Length:    10\r\n\r\n"
    "v=0\r\ns=-\r\n";

// A record as logger.c writes it to the `full` file: the prefixed first line, the message as it
// was on the wire, and the LF of res_pjsip_logger.c's format string.
std::string record(const std::string& stamp, bool received, const std::string& message,
                   const std::string& peer = "UDP:127.0.0.1:5070") {
    const bool request = message.rfind("SIP/2.0 ", 0) != 0;
    return "[" + stamp + "] VERBOSE[8463] res_pjsip_logger.c: <--- " +
           (received ? "Received" : "Transmitting") + " SIP " + (request ? "request" : "response") +
           " (" + std::to_string(message.size()) + " bytes) " + (received ? "from " : "to ") +
           peer + " --->\n" + message + "\n";
}

struct Read {
    std::vector<Record> records;
    testing::CollectingSink sink;
};

std::int64_t utc(const std::string& text) {
    LocalZone zone = std::get<LocalZone>(LocalZone::parse("UTC"));
    return *zone.to_utc_ns(text);
}

void read_all(const std::string& text, Read& out, std::int64_t near = utc("2026-11-24 12:00:00")) {
    LocalZone zone = std::get<LocalZone>(LocalZone::parse("UTC"));
    auto reader = asterisk_pjsip_reader(std::make_unique<TextCursor>(string_reader(text)), "full",
                                        zone, near, out.sink);
    Record r;
    while (reader->next(r)) {
        out.records.push_back(r);
    }
}

TEST(AsteriskPjsip, HeaderLines) {
    auto rx = parse_asterisk_record_header(
        "<--- Received SIP request (569 bytes) from UDP:127.0.0.1:5061 --->");
    ASSERT_TRUE(rx);
    EXPECT_EQ(rx->direction, Direction::Received);
    EXPECT_EQ(rx->transport, Transport::Udp);
    EXPECT_EQ(rx->remote, (Endpoint{"127.0.0.1", 5061}));
    EXPECT_EQ(rx->size, 569u);
    auto tx = parse_asterisk_record_header(
        "<--- Transmitting SIP response (312 bytes) to WSS:[2001:db8::7]:33678 --->");
    ASSERT_TRUE(tx);
    EXPECT_EQ(tx->direction, Direction::Sent);
    EXPECT_EQ(tx->transport, Transport::Wss);
    EXPECT_EQ(tx->remote, (Endpoint{"2001:db8::7", 33678}));
    // Before Asterisk 13.24 / 16.1 an IPv6 address came without brackets.
    auto old = parse_asterisk_record_header(
        "<--- Transmitting SIP request (10 bytes) to TCP:2001:db8::7:5060 --->");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->remote, (Endpoint{"2001:db8::7", 5060}));
    for (const char* bad : {
             "<--- Received SIP request (569 bytes) from UDP:127.0.0.1:5061",  // no end
             "<--- Received SIP message (569 bytes) from UDP:127.0.0.1:5061 --->",
             "<--- Received SIP request (x bytes) from UDP:127.0.0.1:5061 --->",
             "<--- Received SIP request (569 bytes) to UDP:127.0.0.1:5061 --->",
             "<--- Received SIP request (569 bytes) from XYZ:127.0.0.1:5061 --->",
             "<--- Received SIP request (569 bytes) from UDP:127.0.0.1 --->",
             "<--- Received SIP request (569 bytes) from UDP:127.0.0.1:99999 --->",
             "<------------->",  // chan_sip's record end
         }) {
        EXPECT_FALSE(parse_asterisk_record_header(bad)) << bad;
    }
}

TEST(AsteriskPjsip, LogLinePrefixes) {
    auto plain = split_asterisk_log_line(
        "[Jan  2 16:45:14] VERBOSE[8463][C-0000001a] res_pjsip_logger.c: <--- Received");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->stamp, "Jan  2 16:45:14");
    EXPECT_EQ(plain->text, "<--- Received");
    auto formatter = split_asterisk_log_line(
        "[2026-11-24 01:16:59.123] VERBOSE[8463]: res_pjsip_logger.c:354 logging_on_rx_msg: "
        "<--- Received");
    ASSERT_TRUE(formatter);
    EXPECT_EQ(formatter->stamp, "2026-11-24 01:16:59.123");
    EXPECT_EQ(formatter->text, "<--- Received");
    EXPECT_FALSE(split_asterisk_log_line("<--- Received SIP request (1 bytes) from UDP:a:1 --->"));
    EXPECT_FALSE(split_asterisk_log_line("[2026-11-24 01:16:59] verbose: x"));
}

TEST(AsteriskPjsip, RecordsKeepTheWireBytesAndSkipOtherLines) {
    const std::string text =
        record("2026-11-24 01:16:59", true, kRegister) +
        "[2026-11-24 01:16:59] NOTICE[6206] res_pjsip/pjsip_distributor.c: Request failed\n" +
        "    -- Executing [101@from-internal:1] Dial(\"PJSIP/100\")\n" +
        record("2026-11-24 01:17:00.250", false, kOk, "UDP:[2001:db8::7]:5070");
    Read got;
    read_all(text, got);
    EXPECT_TRUE(got.sink.problems.empty());
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].bytes, kRegister);
    EXPECT_EQ(got.records[0].direction, Direction::Received);
    EXPECT_EQ(got.records[0].src, (Endpoint{"127.0.0.1", 5070}));
    EXPECT_FALSE(got.records[0].dst.known());  // Asterisk names only the peer
    EXPECT_EQ(got.records[0].time_ns, utc("2026-11-24 01:16:59"));
    EXPECT_EQ(got.records[0].origin.line, 1u);
    EXPECT_EQ(got.records[1].bytes, kOk);
    EXPECT_EQ(got.records[1].dst, (Endpoint{"2001:db8::7", 5070}));
    EXPECT_EQ(got.records[1].time_ns, utc("2026-11-24 01:17:00.25"));
}

// A copy that lost its CRs (a terminal, an editor): the message is rebuilt with CRLF.
TEST(AsteriskPjsip, ACopyWithoutCarriageReturnsIsRebuilt) {
    std::string text =
        record("2026-11-24 01:16:59", true, kRegister) + record("2026-11-24 01:16:59", false, kOk);
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    Read got;
    read_all(text, got);
    EXPECT_TRUE(got.sink.problems.empty());
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].bytes, kRegister);
    EXPECT_EQ(got.records[1].bytes, kOk);
}

// The default dateformat "%b %e %T" has no year: the one nearest the capture is taken, and a
// log that runs over New Year follows it.
TEST(AsteriskPjsip, StampsWithoutAYearTakeTheNearestOne) {
    Read got;
    read_all(record("Dec 31 23:59:59", true, kRegister) + record("Jan  1 00:00:01", false, kOk),
             got, utc("2027-01-01 00:00:03"));
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].time_ns, utc("2026-12-31 23:59:59"));
    EXPECT_EQ(got.records[1].time_ns, utc("2027-01-01 00:00:01"));
}

TEST(AsteriskPjsip, DamagedRecordsAreReportedAndSkipped) {
    // Cut by the logger (Asterisk's 8 kB message buffer): the next record comes too early.
    std::string cut = record("2026-11-24 01:16:59", true, kOk);
    cut.erase(cut.find("v=0"));
    const std::string bad_stamp = record("Yesterday 01:16:59", true, kRegister);
    const std::string text = cut + bad_stamp + record("2026-11-24 01:17:02", false, kRegister);
    Read got;
    read_all(text, got);
    ASSERT_EQ(got.records.size(), 1u);
    EXPECT_EQ(got.records[0].time_ns, utc("2026-11-24 01:17:02"));
    ASSERT_EQ(got.sink.problems.size(), 2u);
    EXPECT_EQ(got.sink.problems[0].where.line, 1u);
    EXPECT_NE(got.sink.problems[0].reason.find("shorter than its byte count"), std::string::npos);
    EXPECT_NE(got.sink.problems[1].reason.find("bad date stamp 'Yesterday 01:16:59'"),
              std::string::npos);
    // Console output has no date stamps: said once, records skipped.
    Read console;
    read_all(
        "<--- Received SIP request (5 bytes) from UDP:1.2.3.4:5060 --->\nOPTIO\n\n"
        "<--- Received SIP request (5 bytes) from UDP:1.2.3.4:5060 --->\nOPTIO\n\n",
        console);
    EXPECT_TRUE(console.records.empty());
    ASSERT_EQ(console.sink.problems.size(), 1u);
    EXPECT_NE(console.sink.problems[0].reason.find("without a date stamp"), std::string::npos);
}

// chan_sip's records (sip set debug on), as logger.c writes them to the `full` file.
std::string chan_sip_received(const std::string& stamp, const std::string& folded_text) {
    return "[" + stamp +
           "] VERBOSE[6245] chan_sip.c: \n<--- SIP read from UDP:127.0.0.1:5070 --->\n" +
           folded_text + "\n<------------->\n[" + stamp +
           "] VERBOSE[6245] chan_sip.c: --- (5 headers 0 lines) ---\n";
}
std::string chan_sip_sent(const std::string& stamp, const std::string& message) {
    if (message.rfind("SIP/2.0 ", 0) == 0) {
        return "[" + stamp + "] VERBOSE[6246] chan_sip.c: \n<--- Transmitting (no NAT) to " +
               "127.0.0.1:5070 --->\n" + message + "\n<------------>\n";
    }
    return "[" + stamp + "] VERBOSE[6246][C-00000002] chan_sip.c: Reliably Transmitting (NAT) to " +
           "127.0.0.1:5070:\n" + message + "\n---\n";
}

TEST(AsteriskPjsip, ChanSipRecordsToo) {
    // kRegister as chan_sip logs it received: no CR, one blank after "Content-Length:".
    const std::string folded =
        "REGISTER sip:pbx.lab.test SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\n"
        "Call-ID: c1\nCSeq: 1 REGISTER\nContent-Length: 0\n";
    const std::string text =
        chan_sip_received("2026-11-24 01:16:59", folded) +
        "[2026-11-24 01:16:59] VERBOSE[6245] chan_sip.c: \n<--- SIP read from UDP:127.0.0.1:5070 "
        "--->\n\n<------------->\n" +  // a keep-alive
        chan_sip_sent("2026-11-24 01:17:00", kOk) +
        record("2026-11-24 01:17:01", true, kRegister) +
        chan_sip_sent("2026-11-24 01:17:02", kRegister);
    Read got;
    read_all(text, got);
    EXPECT_TRUE(got.sink.problems.empty()) << got.sink.text();
    ASSERT_EQ(got.records.size(), 4u);
    const Record& rx = got.records[0];
    EXPECT_EQ(rx.direction, Direction::Received);
    EXPECT_EQ(rx.transport, Transport::Udp);
    EXPECT_EQ(rx.src, (Endpoint{"127.0.0.1", 5070}));
    EXPECT_EQ(rx.time_ns, utc("2026-11-24 01:16:59"));
    EXPECT_TRUE(rx.folded);
    EXPECT_EQ(rx.origin.line, 1u);
    // In wire form, and the same as the wire copy once that is folded as chan_sip folds it.
    Record wire = rx;
    wire.folded = false;
    wire.bytes = kRegister;
    EXPECT_NE(rx.bytes, kRegister);
    EXPECT_TRUE(same_bytes(rx, wire));
    wire.bytes.replace(wire.bytes.find("c1"), 2, "c2");
    EXPECT_FALSE(same_bytes(rx, wire));

    EXPECT_EQ(got.records[1].bytes, kOk);
    EXPECT_EQ(got.records[1].direction, Direction::Sent);
    EXPECT_EQ(got.records[1].dst, (Endpoint{"127.0.0.1", 5070}));
    EXPECT_FALSE(got.records[1].folded);
    EXPECT_EQ(got.records[2].bytes, kRegister);  // the PJSIP logger's record in between
    EXPECT_EQ(got.records[3].bytes, kRegister);
    EXPECT_EQ(got.records[3].time_ns, utc("2026-11-24 01:17:02"));
}

TEST(AsteriskPjsip, AChanSipRecordTheLoggerCutIsReported) {
    std::string cut = chan_sip_sent("2026-11-24 01:16:59", kOk);
    cut.erase(cut.find("v=0"));  // the next log line follows at once
    const std::string text = cut + chan_sip_sent("2026-11-24 01:17:00", kRegister);
    Read got;
    read_all(text, got);
    ASSERT_EQ(got.records.size(), 1u);
    EXPECT_EQ(got.records[0].bytes, kRegister);
    ASSERT_EQ(got.sink.problems.size(), 1u);
    EXPECT_EQ(got.sink.problems[0].where.line, 1u);
    EXPECT_NE(got.sink.problems[0].reason.find("without its closing line '<------------>'"),
              std::string::npos);
}

TEST(AsteriskPjsip, FormatDetection) {
    EXPECT_EQ(detect_format("[2026-11-24 01:16:58] NOTICE[1] chan_sip.c: ready\n" +
                            chan_sip_received("2026-11-24 01:16:59", "OPTIONS sip:a SIP/2.0\n")),
              LogFormat::AsteriskPjsip);
    EXPECT_EQ(detect_format(chan_sip_sent("2026-11-24 01:16:59", kRegister)),
              LogFormat::AsteriskPjsip);
    const std::string full = "[2026-11-24 01:16:58] NOTICE[1] chan_pjsip.c: ready\n" +
                             record("2026-11-24 01:16:59", true, kRegister);
    EXPECT_EQ(detect_format(full), LogFormat::AsteriskPjsip);
    EXPECT_EQ(parse_format_name("asterisk"), LogFormat::AsteriskPjsip);
    EXPECT_EQ(detect_format("[2026-11-24 01:16:58] NOTICE[1] chan_pjsip.c: ready\n"), std::nullopt);
}

}  // namespace
}  // namespace sipdiff::logs
