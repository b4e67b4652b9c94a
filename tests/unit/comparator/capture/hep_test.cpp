#include "capture/hep.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sipdiff::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;

void add_chunk(Bytes& out, std::uint16_t vendor, std::uint16_t type, const Bytes& value) {
    const std::size_t length = 6 + value.size();
    for (std::uint16_t v : {vendor, type, static_cast<std::uint16_t>(length)}) {
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v & 0xff));
    }
    out.insert(out.end(), value.begin(), value.end());
}

Bytes with_header(const Bytes& chunks) {
    Bytes packet(6 + chunks.size());
    const std::string magic = "HEP3";
    std::copy(magic.begin(), magic.end(), packet.begin());
    packet[4] = static_cast<std::uint8_t>(packet.size() >> 8);
    packet[5] = static_cast<std::uint8_t>(packet.size() & 0xff);
    std::copy(chunks.begin(), chunks.end(), packet.begin() + 6);
    return packet;
}

const std::string kRegister =
    "REGISTER sip:127.0.0.1 SIP/2.0\r\nCall-ID: 2-10095@127.0.0.1\r\n\r\n";

// The chunks of the first packet kamailio 5.6.3's siptrace sent in testdata/sipdiff/hep
// (hep.pcapng frame 1), in their order, with a shorter payload.
Bytes kamailio_chunks(const std::string& payload) {
    Bytes c;
    add_chunk(c, 0, 1, {0x02});
    add_chunk(c, 0, 2, {0x11});
    add_chunk(c, 0, 3, {0x7f, 0x00, 0x00, 0x01});
    add_chunk(c, 0, 4, {0x7f, 0x00, 0x00, 0x01});
    add_chunk(c, 0, 7, {0x13, 0xc5});
    add_chunk(c, 0, 8, {0x13, 0xc4});
    add_chunk(c, 0, 9, {0x6b, 0x05, 0x75, 0x75});
    add_chunk(c, 0, 10, {0x00, 0x07, 0x4c, 0xff});
    add_chunk(c, 0, 11, {0x01});
    add_chunk(c, 0, 12, {0x00, 0x00, 0x00, 0x01});
    add_chunk(c, 0, 15, Bytes(payload.begin(), payload.end()));
    return c;
}

std::variant<HepMessage, ParseError> parse(const Bytes& packet) {
    return parse_hep(ByteSpan{packet.data(), packet.size()});
}

TEST(Hep, DecodesWhatKamailioSends) {
    const Bytes packet = with_header(kamailio_chunks(kRegister));
    ASSERT_TRUE(looks_like_hep(ByteSpan{packet.data(), packet.size()}));
    auto parsed = parse(packet);
    ASSERT_TRUE(std::holds_alternative<HepMessage>(parsed)) << std::get<ParseError>(parsed).reason;
    const HepMessage& m = std::get<HepMessage>(parsed);
    EXPECT_EQ(m.ip_protocol, 17);
    EXPECT_EQ(to_string(m.src), "127.0.0.1");
    EXPECT_EQ(m.src_port, 5061);
    EXPECT_EQ(m.dst_port, 5060);
    EXPECT_EQ(m.time_ns, 0x6b057575LL * 1'000'000'000 + 0x00074cffLL * 1000);  // 11:31:01.478463
    EXPECT_EQ(m.payload_type, kHepSip);
    EXPECT_EQ(m.payload.chars(), kRegister);
}

TEST(Hep, IPv6AndOtherVendorsChunks) {
    Bytes c;
    Bytes v6(16, 0);
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[15] = 0x07;
    add_chunk(c, 0, 5, v6);
    v6[15] = 0x08;
    add_chunk(c, 0, 6, v6);
    add_chunk(c, 0, 7, {0x13, 0xc4});
    add_chunk(c, 0, 8, {0x13, 0xc4});
    add_chunk(c, 0, 9, {0x6b, 0x05, 0x75, 0x75});
    add_chunk(c, 0x0b2e, 15, {'x'});  // not vendor 0: not the payload
    add_chunk(c, 0, 15, Bytes(kRegister.begin(), kRegister.end()));
    const Bytes packet = with_header(c);  // the parsed payload points into it
    auto parsed = parse(packet);
    ASSERT_TRUE(std::holds_alternative<HepMessage>(parsed)) << std::get<ParseError>(parsed).reason;
    const HepMessage& m = std::get<HepMessage>(parsed);
    EXPECT_EQ(to_string(m.src), "2001::7");
    EXPECT_EQ(to_string(m.dst), "2001::8");
    EXPECT_EQ(m.payload.chars(), kRegister);
}

TEST(Hep, DamagedPacketsSayWhat) {
    const Bytes good = with_header(kamailio_chunks(kRegister));
    auto reason = [](const Bytes& packet) {
        auto parsed = parse(packet);
        return std::holds_alternative<ParseError>(parsed) ? std::get<ParseError>(parsed).reason
                                                          : std::string("parsed");
    };
    Bytes cut(good.begin(), good.end() - 10);  // the length says more than there is
    EXPECT_NE(reason(cut).find("beyond the"), std::string::npos) << reason(cut);
    Bytes bad_chunk = good;
    bad_chunk[6 + 5] = 2;  // the first chunk's length below its own header
    EXPECT_NE(reason(bad_chunk).find("has length 2"), std::string::npos) << reason(bad_chunk);
    Bytes no_payload;
    add_chunk(no_payload, 0, 3, {1, 2, 3, 4});
    add_chunk(no_payload, 0, 4, {1, 2, 3, 4});
    add_chunk(no_payload, 0, 9, {0, 0, 0, 1});
    EXPECT_EQ(reason(with_header(no_payload)), "HEPv3 packet without its payload");
    Bytes bad_address;
    add_chunk(bad_address, 0, 3, {1, 2, 3});
    EXPECT_NE(reason(with_header(bad_address)).find("holds 3 bytes"), std::string::npos);
    Bytes bad_micros = kamailio_chunks(kRegister);
    bad_micros.erase(bad_micros.begin());  // no longer a HEP packet's chunks
    EXPECT_NE(reason(with_header(bad_micros)), "parsed");
    EXPECT_FALSE(looks_like_hep(ByteSpan(std::string_view("HEP2\0\0", 6))));
    EXPECT_FALSE(looks_like_hep(ByteSpan(std::string_view("INVITE sip:a SIP/2.0\r\n"))));
}

// The header of the first HEPv2 packet kamailio 5.6.3's siptrace sent with hep_version 2
// (testdata/sipdiff/hep/hep-v2.pcapng frame 1): version 2, header length 16, AF_INET, UDP,
// ports 5061 -> 5060, 127.0.0.1 twice, then seconds and microseconds little-endian, capture id
// 1 and two bytes of padding.
const Bytes kKamailioV2Header = {0x02, 0x10, 0x02, 0x11, 0x13, 0xc5, 0x13, 0xc4, 0x7f, 0x00,
                                 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01, 0xb0, 0xac, 0x05, 0x6b,
                                 0xd9, 0x47, 0x0d, 0x00, 0x01, 0x00, 0x00, 0x00};

Bytes then(Bytes header, const std::string& payload) {
    header.insert(header.end(), payload.begin(), payload.end());
    return header;
}

TEST(Hep, DecodesWhatKamailioSendsAsHepV2) {
    const Bytes packet = then(kKamailioV2Header, kRegister);
    const ByteSpan span{packet.data(), packet.size()};
    EXPECT_FALSE(looks_like_hep(span));
    ASSERT_TRUE(looks_like_old_hep(span));
    const auto parsed = parse(packet);
    ASSERT_TRUE(std::holds_alternative<HepMessage>(parsed));
    const HepMessage& m = std::get<HepMessage>(parsed);
    EXPECT_EQ(m.ip_protocol, 17);
    EXPECT_EQ(m.src, ipv4_address(kKamailioV2Header.data() + 8));
    EXPECT_EQ(m.src_port, 5061);
    EXPECT_EQ(m.dst_port, 5060);
    EXPECT_EQ(m.time_ns, 1795534000LL * 1'000'000'000 + 870361LL * 1000);
    EXPECT_EQ(m.payload_type, kHepSip);
    EXPECT_EQ(m.payload.chars(), kRegister);
}

TEST(Hep, HepV1PacketsTakeTheTimeTheyWereCaptured) {
    Bytes header(kKamailioV2Header.begin(), kKamailioV2Header.begin() + 16);
    header[0] = 1;
    const Bytes packet = then(header, kRegister);
    ASSERT_TRUE(looks_like_old_hep(ByteSpan{packet.data(), packet.size()}));
    const auto parsed = parse_hep(ByteSpan{packet.data(), packet.size()}, 42'000'000'000);
    ASSERT_TRUE(std::holds_alternative<HepMessage>(parsed));
    EXPECT_EQ(std::get<HepMessage>(parsed).time_ns, 42'000'000'000);
    EXPECT_EQ(std::get<HepMessage>(parsed).payload.chars(), kRegister);
}

TEST(Hep, HepV2OverIpv6) {
    Bytes header = {0x02, 0x28, 0x0a, 0x06, 0x13, 0xc4, 0x13, 0xc5};
    for (int i = 0; i < 32; ++i) {
        header.push_back(i == 15 || i == 31 ? 1 : 0);  // ::1 twice
    }
    header.insert(header.end(), kKamailioV2Header.begin() + 16, kKamailioV2Header.end());
    const Bytes packet = then(header, kRegister);
    ASSERT_TRUE(looks_like_old_hep(ByteSpan{packet.data(), packet.size()}));
    const auto parsed = parse(packet);
    ASSERT_TRUE(std::holds_alternative<HepMessage>(parsed));
    const HepMessage& m = std::get<HepMessage>(parsed);
    EXPECT_EQ(m.ip_protocol, 6);
    EXPECT_EQ(m.src.version, 6);
    EXPECT_EQ(m.src, ipv6_address(header.data() + 8));
    EXPECT_EQ(m.payload.chars(), kRegister);
}

TEST(Hep, WhatOnlyResemblesAHepV2HeaderIsNotOne) {
    const auto old = [](const Bytes& b) {
        return looks_like_old_hep(ByteSpan{b.data(), b.size()});
    };
    EXPECT_FALSE(old(Bytes(kRegister.begin(), kRegister.end())));  // plain SIP
    EXPECT_FALSE(old(then(kKamailioV2Header, "\x01\x02 RTCP")));   // not SIP after it
    Bytes wrong_length = then(kKamailioV2Header, kRegister);
    wrong_length[1] = 40;  // IPv6's length with IPv4's family
    EXPECT_FALSE(old(wrong_length));
    Bytes version3 = then(kKamailioV2Header, kRegister);
    version3[0] = 3;
    EXPECT_FALSE(old(version3));
    EXPECT_FALSE(old(Bytes(kKamailioV2Header.begin(), kKamailioV2Header.begin() + 20)));  // cut
    Bytes bad_micros = then(kKamailioV2Header, kRegister);
    bad_micros[23] = 0x10;  // 268 s of microseconds
    ASSERT_TRUE(old(bad_micros));
    const auto parsed = parse(bad_micros);
    ASSERT_TRUE(std::holds_alternative<ParseError>(parsed));
    EXPECT_NE(std::get<ParseError>(parsed).reason.find("microseconds"), std::string::npos);
}

}  // namespace
}  // namespace sipdiff::capture
