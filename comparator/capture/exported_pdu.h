// Wireshark's exported PDUs (File → Export PDUs to File, `tshark -U "OSI layer 7"`): captures of
// link type LINKTYPE_WIRESHARK_UPPER_PDU, whose packets each hold a list of tags, then one PDU as
// Wireshark's dissectors delimited it. SIP's dissector exports every message it read, TLS
// decrypted with the session keys and WebSocket unmasked included, tagged with the dissector
// name "sip", the message's addresses and ports, and the frame it came from.
//
// Tags (the format Wireshark documents in wsutil/exported_pdu_tlvs.h): a 2-byte type and a 2-byte
// length, big-endian, then that many bytes of value, unaligned; type 0 (length 0) ends the list.
// Used here: 12 dissector name (ASCII, maybe followed by NUL bytes), 20/21 IPv4 source and
// destination, 22/23 IPv6 source and destination, 24 port type (4 bytes: 1 SCTP, 2 TCP, 3 UDP),
// 25/26 source and destination port (4 bytes each), 30 the original frame number (4 bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "capture/bytes.h"
#include "capture/ip.h"

namespace sipdiff::capture {

// LINKTYPE_WIRESHARK_UPPER_PDU, as libpcap's pcap_datalink() reports it.
constexpr int kExportedPduLinkType = 252;

namespace exported_port_type {
constexpr std::uint32_t kSctp = 1;
constexpr std::uint32_t kTcp = 2;
constexpr std::uint32_t kUdp = 3;
}  // namespace exported_port_type

struct ExportedPdu {
    std::string_view dissector;  // without trailing NUL bytes; empty when no tag names it
    std::optional<IpAddress> src, dst;
    std::uint32_t port_type = 0;  // exported_port_type, 0 when absent
    std::uint16_t src_port = 0, dst_port = 0;
    std::uint32_t original_frame = 0;  // 0 when absent
    ByteSpan payload;
};

// Decodes the tags of one exported-PDU packet; an error says which tag is cut or malformed.
std::variant<ExportedPdu, ParseError> parse_exported_pdu(ByteSpan packet);

// From a stream (TCP, TLS, SCTP), Wireshark 4.0's SIP dissector exports each message of a
// segment with the whole segment as its PDU: the first message and all that follow it, so a
// segment holding four messages gives four PDUs with the same bytes. The k-th of those PDUs (of
// one original frame) stands for the segment's k-th message. This picks each message out (a
// message without Content-Length, which SIP over WebSocket allows, is all the rest).
class ExportedStreamMessages {
  public:
    // The message `pdu` stands for (a view into its payload), or nullopt when its payload holds
    // fewer complete messages than PDUs of the same bytes came.
    std::optional<std::string_view> message(const ExportedPdu& pdu);

  private:
    std::uint32_t frame_ = 0;
    std::string payload_;
    std::size_t index_ = 0;
};

}  // namespace sipdiff::capture
