#include "capture/udp.h"

#include <algorithm>
#include <string>

namespace sipdiff::capture {

std::variant<UdpDatagram, ParseError> parse_udp(ByteSpan segment, std::size_t missing) {
    constexpr std::size_t kHeader = 8;
    if (segment.size < kHeader) {
        return ParseError{"UDP header truncated (" + std::to_string(segment.size) + " bytes)"};
    }
    const std::size_t length = be16(segment.data + 4);
    if (length < kHeader) {
        return ParseError{"UDP length " + std::to_string(length) + " is below 8"};
    }
    if (length > segment.size + missing) {
        return ParseError{"UDP length " + std::to_string(length) + " exceeds the " +
                          std::to_string(segment.size + missing) + " bytes of the IP payload"};
    }
    UdpDatagram out;
    out.src_port = be16(segment.data);
    out.dst_port = be16(segment.data + 2);
    const std::size_t held = std::min(length, segment.size);
    out.payload = ByteSpan{segment.data + kHeader, held - kHeader};
    out.missing = length - held;
    return out;
}

}  // namespace sipdiff::capture
