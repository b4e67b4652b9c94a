// UDP header: ports and payload.
#pragma once

#include <cstdint>
#include <variant>

#include "capture/bytes.h"

namespace sipdiff::capture {

struct UdpDatagram {
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    ByteSpan payload;
    std::size_t missing = 0;  // payload bytes the capture cut off (snapshot length)
};

// `segment` is the IP payload, of which the capture cut off the last `missing` bytes (usually
// none). The UDP length field bounds the payload (bytes after it are ignored); a length beyond
// the IP payload is an error. The checksum is not verified.
std::variant<UdpDatagram, ParseError> parse_udp(ByteSpan segment, std::size_t missing);

}  // namespace sipdiff::capture
