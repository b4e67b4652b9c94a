#include "logs/linphone_log.h"

#include <gtest/gtest.h>

#include "logs/format.h"
#include "test_sources.h"

namespace sipdiff::logs {
namespace {

const std::string kRegister =
    "REGISTER sip:pbx.lab.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5082;branch=z9hG4bK.a\r\n"
    "CSeq: 20 REGISTER\r\nCall-ID: EhdoL8~7UB\r\nContent-Length: 0\r\n\r\n";
const std::string kUnauthorized =
    "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 127.0.0.1:5082;branch=z9hG4bK.a\r\n"
    "CSeq: 20 REGISTER\r\nCall-ID: EhdoL8~7UB\r\nContent-Length: 0\r\n\r\n";

// As belle-sip logs them (liblinphone 5.1.65, testdata/sipdiff/sha256-qop-auth).
std::string sent(const std::string& stamp, const std::string& message,
                 const std::string& peer = "UDP://127.0.0.1:5060") {
    return stamp + " belle-sip-message-channel [0x564b69de4bc0]: message sent to [" + peer +
           "], size: [" + std::to_string(message.size()) + "] bytes\n" + message + "\n";
}
std::string received(const std::string& stamp, const std::string& bytes,
                     const std::string& peer = "UDP://127.0.0.1:5060") {
    return stamp + " belle-sip-message-channel [0x564b69de4bc0]: received [" +
           std::to_string(bytes.size()) + "] new bytes from [" + peer + "]:\n" + bytes + "\n";
}

struct Read {
    std::vector<Record> records;
    testing::CollectingSink sink;
};

void read_all(const std::string& text, Read& out) {
    LocalZone zone = std::get<LocalZone>(LocalZone::parse("UTC"));
    auto reader = linphone_log_reader(std::make_unique<TextCursor>(string_reader(text)), "l.log",
                                      zone, out.sink);
    Record r;
    while (reader->next(r)) {
        out.records.push_back(r);
    }
}

TEST(LinphoneLog, HeaderLines) {
    auto tx = parse_linphone_record_header(
        "2026-11-24 01:17:28:118 belle-sip-message-channel [0x564b69de4bc0]: message sent to "
        "[UDP://127.0.0.1:5060], size: [535] bytes");
    ASSERT_TRUE(tx);
    EXPECT_EQ(tx->stamp, "2026-11-24 01:17:28:118");
    EXPECT_EQ(tx->direction, Direction::Sent);
    EXPECT_EQ(tx->transport, Transport::Udp);
    EXPECT_EQ(tx->remote, (Endpoint{"127.0.0.1", 5060}));
    EXPECT_EQ(tx->size, 535u);
    auto rx = parse_linphone_record_header(
        "2026-11-24 01:17:28:128 belle-sip-message-channel [0x564b69de4bc0]: received [466] new "
        "bytes from [TLS://[2001:db8::1]:5061]:");
    ASSERT_TRUE(rx);
    EXPECT_EQ(rx->direction, Direction::Received);
    EXPECT_EQ(rx->transport, Transport::Tls);
    EXPECT_EQ(rx->remote, (Endpoint{"2001:db8::1", 5061}));
    EXPECT_EQ(rx->size, 466u);
    for (const char* other :
         {"2026-11-24 01:17:28:129 belle-sip-message-channel [0x564b69de4bc0] [466] bytes parsed",
          "2026-11-24 01:17:37:796 belle-sip-message-channel [0x564b69de4bc0] read [510] bytes of "
          "body from [127.0.0.1:5060]",
          "2026-11-24 01:17:28:118 belle-sip-message-channel [0x5]: message sent to "
          "[UDP://127.0.0.1:5060], size: [x] bytes",
          "2026-11-24 01:17:28 belle-sip-message-channel [0x5]: message sent to "
          "[UDP://127.0.0.1:5060], size: [5] bytes"}) {
        EXPECT_FALSE(parse_linphone_record_header(other)) << other;
    }
}

TEST(LinphoneLog, UdpMessagesBothWays) {
    const std::string text =
        "2026-11-24 01:17:28:017 liblinphone-message-Initializing LinphoneCore 5.1.65\n" +
        sent("2026-11-24 01:17:28:118", kRegister) +
        "2026-11-24 01:17:28:118 belle-sip-message-Refresher takes ownership\n" +
        received("2026-11-24 01:17:28:128", kUnauthorized) +
        received("2026-11-24 01:17:29:000", "\r\n\r\n");  // a keep-alive
    Read got;
    read_all(text, got);
    EXPECT_TRUE(got.sink.problems.empty()) << got.sink.text();
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].bytes, kRegister);
    EXPECT_EQ(got.records[0].direction, Direction::Sent);
    EXPECT_EQ(got.records[0].dst, (Endpoint{"127.0.0.1", 5060}));
    EXPECT_FALSE(got.records[0].src.known());
    EXPECT_EQ(got.records[0].origin.line, 2u);
    LocalZone utc = std::get<LocalZone>(LocalZone::parse("UTC"));
    EXPECT_EQ(got.records[0].time_ns, *utc.to_utc_ns("2026-11-24 01:17:28.118"));
    EXPECT_EQ(got.records[1].bytes, kUnauthorized);
    EXPECT_EQ(got.records[1].direction, Direction::Received);
    EXPECT_EQ(got.records[1].src, (Endpoint{"127.0.0.1", 5060}));
}

TEST(LinphoneLog, TcpReadsAreFramedByContentLength) {
    const std::string peer = "TCP://127.0.0.1:5060";
    const std::string both = kUnauthorized + kUnauthorized;
    const std::string text = received("2026-11-24 01:17:28:128", both.substr(0, 30), peer) +
                             received("2026-11-24 01:17:28:129", both.substr(30), peer) +
                             received("2026-11-24 01:17:28:130", kUnauthorized.substr(0, 9), peer);
    Read got;
    read_all(text, got);
    ASSERT_EQ(got.records.size(), 2u);
    EXPECT_EQ(got.records[0].bytes, kUnauthorized);
    EXPECT_EQ(got.records[0].origin.line, 1u);
    EXPECT_EQ(got.records[1].bytes, kUnauthorized);
    EXPECT_EQ(got.records[0].transport, Transport::Tcp);
    ASSERT_EQ(got.sink.problems.size(), 1u);  // the 9 bytes left at the end
    EXPECT_NE(got.sink.problems[0].reason.find("9 bytes read at the end"), std::string::npos);
}

TEST(LinphoneLog, AWrongByteCountIsReported) {
    std::string text = sent("2026-11-24 01:17:28:118", kRegister);
    text.replace(text.find("size: [") + 7, 3, "999");
    text += sent("2026-11-24 01:17:29:118", kRegister);
    Read got;
    read_all(text, got);
    ASSERT_EQ(got.records.size(), 1u);
    ASSERT_EQ(got.sink.problems.size(), 1u);
    EXPECT_EQ(got.sink.problems[0].where.line, 1u);
    EXPECT_NE(got.sink.problems[0].reason.find("byte count 999"), std::string::npos);
}

TEST(LinphoneLog, FormatDetection) {
    EXPECT_EQ(detect_format("2026-11-24 01:17:28:017 liblinphone-message-Using (r/w) config\n"),
              LogFormat::LinphoneLog);
    EXPECT_EQ(detect_format(sent("2026-11-24 01:17:28:118", kRegister)), LogFormat::LinphoneLog);
    EXPECT_EQ(parse_format_name("linphone"), LogFormat::LinphoneLog);
    EXPECT_EQ(detect_format("2026-11-24 01:17:28 liblinphone-message-x\n"), std::nullopt);
}

}  // namespace
}  // namespace sipdiff::logs
