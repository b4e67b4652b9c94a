#include "logs/asterisk_chan_sip.h"

#include <gtest/gtest.h>

namespace sipdiff::logs {
namespace {

TEST(AsteriskChanSip, HeaderLines) {
    auto rx = parse_chan_sip_record_header("<--- SIP read from UDP:107.6.123.181:5060 --->");
    ASSERT_TRUE(rx);
    EXPECT_EQ(rx->direction, Direction::Received);
    EXPECT_EQ(rx->transport, Transport::Udp);
    EXPECT_EQ(rx->remote, (Endpoint{"107.6.123.181", 5060}));
    EXPECT_EQ(rx->closer, "<------------->");
    auto tls = parse_chan_sip_record_header("<--- SIP read from TLS:[2001:db8::7]:5061 --->\r");
    ASSERT_TRUE(tls);
    EXPECT_EQ(tls->transport, Transport::Tls);
    EXPECT_EQ(tls->remote, (Endpoint{"2001:db8::7", 5061}));

    auto response =
        parse_chan_sip_record_header("<--- Transmitting (no NAT) to 54.172.60.1:5060 --->");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->direction, Direction::Sent);
    EXPECT_EQ(response->remote, (Endpoint{"54.172.60.1", 5060}));
    EXPECT_EQ(response->closer, "<------------>");
    EXPECT_TRUE(
        parse_chan_sip_record_header("<--- Reliably Transmitting (NAT) to [::1]:5060 --->"));

    auto request =
        parse_chan_sip_record_header("Reliably Transmitting (NAT) to 107.6.123.181:5060:");
    ASSERT_TRUE(request);
    EXPECT_EQ(request->direction, Direction::Sent);
    EXPECT_EQ(request->closer, "---");
    EXPECT_TRUE(parse_chan_sip_record_header("Transmitting (no NAT) to 10.0.0.1:5060:"));
    auto again = parse_chan_sip_record_header("Retransmitting #2 (no NAT) to 10.0.0.1:5060:");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->remote, (Endpoint{"10.0.0.1", 5060}));

    for (const char* bad :
         {"<--- SIP read from UDP:1.2.3.4 --->", "<--- SIP read from X:1.2.3.4:5 --->",
          "Transmitting (maybe NAT) to 1.2.3.4:5060:", "Transmitting (NAT) to 1.2.3.4:5060",
          "Retransmitting #x (NAT) to 1.2.3.4:5:",
          "<--- Received SIP request (5 bytes) from UDP:1.2.3.4:5 --->",
          "Sending to 54.172.60.1:5060 (no NAT)"}) {
        EXPECT_FALSE(parse_chan_sip_record_header(bad)) << bad;
    }
}

TEST(AsteriskChanSip, MessagesInWireForm) {
    const auto rx = *parse_chan_sip_record_header("<--- SIP read from UDP:1.2.3.4:5060 --->");
    const auto tx = *parse_chan_sip_record_header("Transmitting (no NAT) to 1.2.3.4:5060:");
    // Received, folded by chan_sip: put back with CRLF, marked folded.
    auto folded = chan_sip_message(rx, "OPTIONS sip:a SIP/2.0\nContent-Length: 0\n\n");
    ASSERT_TRUE(folded);
    EXPECT_EQ(folded->bytes, "OPTIONS sip:a SIP/2.0\r\nContent-Length: 0\r\n\r\n");
    EXPECT_TRUE(folded->folded);
    // Received with pedantic=no: as it came.
    auto raw = chan_sip_message(rx, "OPTIONS sip:a SIP/2.0\r\nContent-Length:  0\r\n\r\n\n");
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->bytes, "OPTIONS sip:a SIP/2.0\r\nContent-Length:  0\r\n\r\n");
    EXPECT_FALSE(raw->folded);
    // Sent: exact; a copy that lost its CRs gets them back.
    auto sent = chan_sip_message(tx, "OPTIONS sip:a SIP/2.0\r\nContent-Length:  0\r\n\r\n\n");
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->bytes, "OPTIONS sip:a SIP/2.0\r\nContent-Length:  0\r\n\r\n");
    EXPECT_FALSE(sent->folded);
    auto copied = chan_sip_message(tx, "OPTIONS sip:a SIP/2.0\nContent-Length:  0\n\n\n");
    ASSERT_TRUE(copied);
    EXPECT_EQ(copied->bytes, "OPTIONS sip:a SIP/2.0\r\nContent-Length:  0\r\n\r\n");
    // A keep-alive a peer sent is logged as an empty message.
    EXPECT_FALSE(chan_sip_message(rx, "\n"));
    EXPECT_FALSE(chan_sip_message(rx, "\n\n"));
}

}  // namespace
}  // namespace sipdiff::logs
