#include "capture/tcp.h"

#include <string>

namespace sipdiff::capture {

std::variant<TcpSegment, ParseError> parse_tcp(ByteSpan segment) {
    constexpr std::size_t kMinHeader = 20;
    if (segment.size < kMinHeader) {
        return ParseError{"TCP header truncated (" + std::to_string(segment.size) + " bytes)"};
    }
    const std::size_t header = std::size_t{static_cast<std::uint8_t>(segment.data[12] >> 4)} * 4;
    if (header < kMinHeader) {
        return ParseError{"TCP data offset " + std::to_string(header) + " is below 20"};
    }
    if (header > segment.size) {
        return ParseError{"TCP header length " + std::to_string(header) + " exceeds the " +
                          std::to_string(segment.size) + " bytes of the IP payload"};
    }
    TcpSegment out;
    out.src_port = be16(segment.data);
    out.dst_port = be16(segment.data + 2);
    out.seq = be32(segment.data + 4);
    out.ack = be32(segment.data + 8);
    out.flags = segment.data[13];
    out.payload = segment.from(header);
    return out;
}

}  // namespace sipdiff::capture
