// TCP header: ports, sequence number, flags and payload of one segment.
#pragma once

#include <cstdint>
#include <variant>

#include "capture/bytes.h"

namespace sipdiff::capture {

namespace tcp_flag {
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp_flag

struct TcpSegment {
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    ByteSpan payload;
    std::size_t missing = 0;  // payload bytes after `payload` the capture cut off (snapshot length)

    bool syn() const { return (flags & tcp_flag::kSyn) != 0; }
    bool fin() const { return (flags & tcp_flag::kFin) != 0; }
    bool rst() const { return (flags & tcp_flag::kRst) != 0; }
};

// `segment` is the IP payload. The checksum is not verified.
std::variant<TcpSegment, ParseError> parse_tcp(ByteSpan segment);

}  // namespace sipdiff::capture
