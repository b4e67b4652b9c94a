#include "capture/udp.h"

#include <string>

namespace sipdiff::capture {

std::variant<UdpDatagram, ParseError> parse_udp(ByteSpan segment) {
    constexpr std::size_t kHeader = 8;
    if (segment.size < kHeader) {
        return ParseError{"UDP header truncated (" + std::to_string(segment.size) + " bytes)"};
    }
    const std::size_t length = be16(segment.data + 4);
    if (length < kHeader) {
        return ParseError{"UDP length " + std::to_string(length) + " is below 8"};
    }
    if (length > segment.size) {
        return ParseError{"UDP length " + std::to_string(length) + " exceeds the " +
                          std::to_string(segment.size) + " bytes of the IP payload"};
    }
    UdpDatagram out;
    out.src_port = be16(segment.data);
    out.dst_port = be16(segment.data + 2);
    out.payload = ByteSpan{segment.data + kHeader, length - kHeader};
    return out;
}

}  // namespace sipdiff::capture
