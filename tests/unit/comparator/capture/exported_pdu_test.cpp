#include "capture/exported_pdu.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sipdiff::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;

// The tags of frame 2 of testdata/sipdiff/tls-decrypted/exported.pcapng, as tshark 4.0.17 wrote
// them for the SIP dissector's copy of a REGISTER decrypted from TLS: dissector "sip\0",
// 127.0.0.1 -> 127.0.0.1, port type TCP, 57400 -> 5061, original frame 10, end.
const Bytes kTshark4017Tags = {
    0x00, 0x0c, 0x00, 0x04, 0x73, 0x69, 0x70, 0x00, 0x00, 0x14, 0x00, 0x04, 0x7f, 0x00, 0x00,
    0x01, 0x00, 0x15, 0x00, 0x04, 0x7f, 0x00, 0x00, 0x01, 0x00, 0x18, 0x00, 0x04, 0x00, 0x00,
    0x00, 0x02, 0x00, 0x19, 0x00, 0x04, 0x00, 0x00, 0xe0, 0x38, 0x00, 0x1a, 0x00, 0x04, 0x00,
    0x00, 0x13, 0xc5, 0x00, 0x1e, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00};

const std::string kRegister = "REGISTER sip:pbx.lab.test SIP/2.0\r\nContent-Length: 0\r\n\r\n";

Bytes with_payload(Bytes tags, const std::string& payload) {
    tags.insert(tags.end(), payload.begin(), payload.end());
    return tags;
}

void add_tag(Bytes& out, std::uint16_t type, const Bytes& value) {
    for (std::uint16_t v : {type, static_cast<std::uint16_t>(value.size())}) {
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v & 0xff));
    }
    out.insert(out.end(), value.begin(), value.end());
}

std::variant<ExportedPdu, ParseError> parse(const Bytes& packet) {
    return parse_exported_pdu(ByteSpan{packet.data(), packet.size()});
}

std::string error_of(const Bytes& packet) {
    auto parsed = parse(packet);
    const auto* error = std::get_if<ParseError>(&parsed);
    return error != nullptr ? error->reason : "";
}

TEST(ExportedPdu, DecodesWhatTsharkWrites) {
    const Bytes packet = with_payload(kTshark4017Tags, kRegister);
    auto parsed = parse(packet);
    ASSERT_TRUE(std::holds_alternative<ExportedPdu>(parsed));
    const ExportedPdu& pdu = std::get<ExportedPdu>(parsed);
    EXPECT_EQ(pdu.dissector, "sip");  // the NUL Wireshark writes after the name is not part of it
    ASSERT_TRUE(pdu.src && pdu.dst);
    EXPECT_EQ(to_string(*pdu.src), "127.0.0.1");
    EXPECT_EQ(to_string(*pdu.dst), "127.0.0.1");
    EXPECT_EQ(pdu.port_type, exported_port_type::kTcp);
    EXPECT_EQ(pdu.src_port, 57400);
    EXPECT_EQ(pdu.dst_port, 5061);
    EXPECT_EQ(pdu.original_frame, 10u);
    EXPECT_EQ(pdu.payload.chars(), kRegister);
}

TEST(ExportedPdu, ReadsIpv6UnknownTagsAndNamesWithoutNul) {
    Bytes packet;
    add_tag(packet, 12, {'s', 'i', 'p'});
    add_tag(packet, 33, {'S', 'I', 'P'});  // COL_PROT_TEXT: not needed, skipped
    Bytes v6(16, 0);
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[2] = 0x0d;
    v6[3] = 0xb8;
    v6[15] = 0x01;
    add_tag(packet, 22, v6);
    v6[15] = 0x02;
    add_tag(packet, 23, v6);
    add_tag(packet, 24, {0, 0, 0, 3});
    add_tag(packet, 25, {0, 0, 0x13, 0xc4});
    add_tag(packet, 26, {0, 0, 0x13, 0xc4});
    add_tag(packet, 0, {});
    packet = with_payload(packet, kRegister);
    auto parsed = parse(packet);  // views into `packet`
    ASSERT_TRUE(std::holds_alternative<ExportedPdu>(parsed));
    const ExportedPdu& pdu = std::get<ExportedPdu>(parsed);
    EXPECT_EQ(pdu.dissector, "sip");
    EXPECT_EQ(to_string(*pdu.src), "2001:db8::1");
    EXPECT_EQ(to_string(*pdu.dst), "2001:db8::2");
    EXPECT_EQ(pdu.port_type, exported_port_type::kUdp);
    EXPECT_EQ(pdu.src_port, 5060);
    EXPECT_EQ(pdu.original_frame, 0u);
    EXPECT_EQ(pdu.payload.chars(), kRegister);
}

TEST(ExportedPdu, TagsWithoutAddressesLeaveThemUnset) {
    Bytes packet;
    add_tag(packet, 12, {'s', 'i', 'p', 0, 0});
    add_tag(packet, 0, {});
    auto parsed = parse(packet);
    ASSERT_TRUE(std::holds_alternative<ExportedPdu>(parsed));
    EXPECT_EQ(std::get<ExportedPdu>(parsed).dissector, "sip");
    EXPECT_FALSE(std::get<ExportedPdu>(parsed).src.has_value());
    EXPECT_TRUE(std::get<ExportedPdu>(parsed).payload.empty());
}

TEST(ExportedPdu, SaysWhatIsCutOrMalformed) {
    // Every cut of the real tags before their end tag.
    for (std::size_t size = 0; size < kTshark4017Tags.size(); ++size) {
        const Bytes cut(kTshark4017Tags.begin(), kTshark4017Tags.begin() + size);
        EXPECT_NE(error_of(cut), "") << size << " bytes";
    }
    EXPECT_EQ(error_of({0x00, 0x0c}),
              "exported PDU cut inside its tags (no end tag after 0 bytes)");
    EXPECT_EQ(error_of({0x00, 0x0c, 0x00, 0x09, 's', 'i', 'p'}),
              "exported PDU tag 12 announces 9 bytes, 3 are left");
    Bytes short_address;
    add_tag(short_address, 20, {127, 0, 0});
    add_tag(short_address, 0, {});
    EXPECT_EQ(error_of(short_address), "exported PDU tag 20 has 3 bytes instead of 4");
    Bytes big_port;
    add_tag(big_port, 25, {0, 1, 0, 0});
    add_tag(big_port, 0, {});
    EXPECT_EQ(error_of(big_port), "exported PDU port 65536 is above 65535");
}

ExportedPdu stream_pdu(std::uint32_t frame, const std::string& payload) {
    ExportedPdu pdu;
    pdu.original_frame = frame;
    pdu.port_type = exported_port_type::kTcp;
    pdu.payload = ByteSpan(std::string_view(payload));
    return pdu;
}

std::string request(int n) {
    return "REGISTER sip:127.0.0.1 SIP/2.0\r\nCall-ID: " + std::to_string(n) +
           "-22883@127.0.0.1\r\nContent-Length: 0\r\n\r\n";
}

// What tshark 4.0.17 exports for the TCP corpus run (testdata/sipdiff/tcp): frame 146 of the
// capture holds four REGISTERs in one segment, and the export has four PDUs of that frame, each
// with all four (export frames 71-74); frame 148 likewise.
TEST(ExportedStreamMessages, EachPduOfASegmentIsItsNextMessage) {
    const std::string segment146 = request(43) + request(44) + "\r\n" + request(45) + request(46);
    const std::string segment148 = request(47) + request(48);
    ExportedStreamMessages messages;
    for (int n = 43; n <= 46; ++n) {
        EXPECT_EQ(messages.message(stream_pdu(146, segment146)), request(n));
    }
    EXPECT_EQ(messages.message(stream_pdu(146, segment146)), std::nullopt);  // a fifth: none
    EXPECT_EQ(messages.message(stream_pdu(148, segment148)), request(47));
    EXPECT_EQ(messages.message(stream_pdu(148, segment148)), request(48));
    // The same bytes in another frame start over (a message sent twice).
    EXPECT_EQ(messages.message(stream_pdu(150, segment148)), request(47));
    // Without the original frame number nothing is taken for a repeat.
    EXPECT_EQ(messages.message(stream_pdu(0, segment148)), request(47));
    EXPECT_EQ(messages.message(stream_pdu(0, segment148)), request(47));
}

TEST(ExportedStreamMessages, AMessageWithoutContentLengthIsTheRest) {
    const std::string websocket = "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello";
    ExportedStreamMessages messages;
    EXPECT_EQ(messages.message(stream_pdu(9, websocket)), websocket);
    EXPECT_EQ(messages.message(stream_pdu(10, "not SIP at all\r\n\r\n")), std::nullopt);
}

}  // namespace
}  // namespace sipdiff::capture
