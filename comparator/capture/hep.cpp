#include "capture/hep.h"

#include <string>

#include "sip/framing.h"

namespace sipdiff::capture {
namespace {

constexpr std::size_t kHeader = 6;       // "HEP3" and the total length
constexpr std::size_t kChunkHeader = 6;  // vendor, type, length (header included)

// HEPv1/v2: the fixed header and, in v2, the time after the addresses.
constexpr std::size_t kOldFixedHeader = 8;  // version, length, family, protocol, 2 ports
// Seconds, microseconds, a 2-byte capture id and the 2 bytes of padding that end the C struct
// the agents send whole (Kamailio 5.6: 12 bytes).
constexpr std::size_t kOldTime = 12;
constexpr std::uint8_t kFamilyIpv4 = 2, kFamilyIpv6 = 10;  // AF_INET, AF_INET6 on Linux

std::uint32_t le32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
}

// Where the SIP message of a HEPv1/v2 packet starts, or 0 when `packet` does not start as one:
// version 1 or 2, the header length its address family implies, UDP or TCP.
std::size_t old_payload_offset(ByteSpan packet) {
    if (packet.size < kOldFixedHeader) {
        return 0;
    }
    const std::uint8_t version = packet.data[0], length = packet.data[1];
    const std::uint8_t family = packet.data[2], protocol = packet.data[3];
    const bool v4 = family == kFamilyIpv4 && length == kOldFixedHeader + 8;
    const bool v6 = family == kFamilyIpv6 && length == kOldFixedHeader + 32;
    if ((version != 1 && version != 2) || !(v4 || v6) || (protocol != 17 && protocol != 6)) {
        return 0;
    }
    const std::size_t offset = length + (version == 2 ? kOldTime : 0);
    return offset <= packet.size ? offset : 0;
}

std::variant<HepMessage, ParseError> parse_old_hep(ByteSpan packet, std::int64_t captured_ns) {
    const std::size_t offset = old_payload_offset(packet);
    if (offset == 0) {
        return ParseError{"not a HEP packet"};
    }
    HepMessage m;
    m.ip_protocol = packet.data[3];
    m.src_port = be16(packet.data + 4);
    m.dst_port = be16(packet.data + 6);
    const bool v4 = packet.data[2] == kFamilyIpv4;
    const std::uint8_t* addresses = packet.data + kOldFixedHeader;
    m.src = v4 ? ipv4_address(addresses) : ipv6_address(addresses);
    m.dst = v4 ? ipv4_address(addresses + 4) : ipv6_address(addresses + 16);
    m.time_ns = captured_ns;
    if (packet.data[0] == 2) {
        const std::uint8_t* time = packet.data + packet.data[1];
        const std::uint32_t micros = le32(time + 4);
        if (micros >= 1'000'000) {
            return ParseError{"HEPv2 microseconds " + std::to_string(micros) + " out of range"};
        }
        m.time_ns = std::int64_t{le32(time)} * 1'000'000'000 + std::int64_t{micros} * 1000;
    }
    m.payload_type = kHepSip;
    m.payload = packet.from(offset);
    return m;
}

}  // namespace

bool looks_like_hep(ByteSpan payload) {
    return payload.size >= kHeader && payload.chars().substr(0, 4) == "HEP3";
}

bool looks_like_old_hep(ByteSpan payload) {
    const std::size_t offset = old_payload_offset(payload);
    return offset != 0 && sip::is_sip_datagram(payload.from(offset).chars());
}

std::variant<HepMessage, ParseError> parse_hep(ByteSpan packet, std::int64_t captured_ns) {
    if (!looks_like_hep(packet)) {
        return parse_old_hep(packet, captured_ns);
    }
    const std::size_t total = be16(packet.data + 4);
    if (total < kHeader || total > packet.size) {
        return ParseError{"HEPv3 length " + std::to_string(total) + " beyond the " +
                          std::to_string(packet.size) + " bytes of the packet"};
    }
    HepMessage m;
    std::uint32_t seconds = 0, micros = 0;
    bool have_src = false, have_dst = false, have_time = false, have_payload = false;
    for (std::size_t at = kHeader; at < total;) {
        if (total - at < kChunkHeader) {
            return ParseError{"HEPv3 chunk header cut at byte " + std::to_string(at)};
        }
        const std::uint16_t vendor = be16(packet.data + at);
        const std::uint16_t type = be16(packet.data + at + 2);
        const std::size_t length = be16(packet.data + at + 4);
        if (length < kChunkHeader || length > total - at) {
            return ParseError{"HEPv3 chunk " + std::to_string(type) + " has length " +
                              std::to_string(length) + " (at byte " + std::to_string(at) + ")"};
        }
        const ByteSpan value{packet.data + at + kChunkHeader, length - kChunkHeader};
        at += length;
        if (vendor != 0) {
            continue;  // another vendor's chunk
        }
        const bool one = value.size == 1, two = value.size == 2, four = value.size == 4;
        switch (type) {
            case 2:
                m.ip_protocol = one ? value.data[0] : 0;
                break;
            case 3:
            case 4:
            case 5:
            case 6: {
                const bool v4 = type <= 4;
                if (value.size != (v4 ? 4u : 16u)) {
                    return ParseError{"HEPv3 address chunk " + std::to_string(type) + " holds " +
                                      std::to_string(value.size) + " bytes"};
                }
                IpAddress& address = type % 2 == 1 ? m.src : m.dst;
                address = v4 ? ipv4_address(value.data) : ipv6_address(value.data);
                (type % 2 == 1 ? have_src : have_dst) = true;
                break;
            }
            case 7:
            case 8:
                if (!two) {
                    return ParseError{"HEPv3 port chunk " + std::to_string(type) + " holds " +
                                      std::to_string(value.size) + " bytes"};
                }
                (type == 7 ? m.src_port : m.dst_port) = be16(value.data);
                break;
            case 9:
            case 10:
                if (!four) {
                    return ParseError{"HEPv3 time chunk " + std::to_string(type) + " holds " +
                                      std::to_string(value.size) + " bytes"};
                }
                (type == 9 ? seconds : micros) = be32(value.data);
                have_time = have_time || type == 9;
                break;
            case 11:
                m.payload_type = one ? value.data[0] : 0;
                break;
            case 15:
                m.payload = value;
                have_payload = true;
                break;
            default:
                break;  // capture agent id, correlation id, compressed payload, ...
        }
    }
    if (!have_src || !have_dst || !have_time || !have_payload) {
        return ParseError{std::string("HEPv3 packet without its ") + (!have_src || !have_dst
                                                                          ? "addresses"
                                                                      : !have_time ? "time"
                                                                                   : "payload")};
    }
    if (micros >= 1'000'000) {
        return ParseError{"HEPv3 microseconds " + std::to_string(micros) + " out of range"};
    }
    m.time_ns = std::int64_t{seconds} * 1'000'000'000 + std::int64_t{micros} * 1000;
    return m;
}

}  // namespace sipdiff::capture
