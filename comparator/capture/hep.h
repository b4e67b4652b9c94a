// HEP version 3 (the Homer Encapsulation Protocol, "HEP3" + length + chunks), what Kamailio's
// siptrace, OpenSIPS, FreeSWITCH, Asterisk's res_hep and heplify send to a Homer server: each
// packet carries one message as the sender saw it, with the sender's own time and the message's
// addresses. A capture of those packets is the sender's trace. Chunks (vendor 0) used here:
// 1 IP family, 2 IP protocol, 3/4 IPv4 source/destination, 5/6 IPv6 source/destination,
// 7/8 ports, 9/10 time (seconds, microseconds), 11 payload type (1 = SIP), 15 payload.
//
// Older agents (Kamailio's siptrace with hep_version 1 or 2, captagent 4) send HEPv1/v2 over UDP:
// a fixed header (version, header length, address family, IP protocol, ports in network order),
// the two addresses, for v2 the time (seconds and microseconds little-endian, as Kamailio writes
// them, then a capture id and padding: 12 bytes), and the SIP message filling the rest of the
// datagram. v1 has no time:
// its packets take the time the capture saw them.
#pragma once

#include <cstdint>
#include <variant>

#include "capture/bytes.h"
#include "capture/ip.h"

namespace sipdiff::capture {

constexpr std::uint8_t kHepSip = 1;  // payload type of a SIP message

struct HepMessage {
    std::uint8_t ip_protocol = 0;  // 17 UDP, 6 TCP, ...
    IpAddress src, dst;
    std::uint16_t src_port = 0, dst_port = 0;
    std::int64_t time_ns = 0;
    std::uint8_t payload_type = 0;  // kHepSip, or RTCP, logs, ...
    ByteSpan payload;
};

// Whether `payload` (a UDP payload) starts as a HEPv3 packet does.
bool looks_like_hep(ByteSpan payload);

// Whether `payload` (a UDP payload) is a HEPv1/v2 packet: such a header (which has no magic
// number), then a SIP message.
bool looks_like_old_hep(ByteSpan payload);

// Decodes one HEPv3 packet, or with looks_like_old_hep() one HEPv1/v2 packet, whose v1 time is
// `captured_ns`; an error says what is wrong or missing.
std::variant<HepMessage, ParseError> parse_hep(ByteSpan packet, std::int64_t captured_ns = 0);

}  // namespace sipdiff::capture
