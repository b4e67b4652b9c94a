// IPv4 and IPv6 headers (with IPv6 extension headers): from an IP packet to its upper-layer
// payload, or to one fragment of it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>

#include "capture/bytes.h"

namespace sipdiff::capture {

namespace ip_proto {
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kAuthHeader = 51;
constexpr std::uint8_t kNoNext = 59;
constexpr std::uint8_t kDestOptions = 60;
}  // namespace ip_proto

struct IpAddress {
    std::uint8_t version = 0;              // 4 or 6
    std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

    bool operator==(const IpAddress& o) const { return version == o.version && bytes == o.bytes; }
    bool operator!=(const IpAddress& o) const { return !(*this == o); }
};

// Textual form as inet_ntop prints it ("127.0.0.1", "2001:db8::1").
std::string to_string(const IpAddress& address);
IpAddress ipv4_address(const std::uint8_t* four_bytes);
IpAddress ipv6_address(const std::uint8_t* sixteen_bytes);

struct IpPacket {
    IpAddress src;
    IpAddress dst;
    std::uint8_t protocol = 0;  // upper-layer protocol (after IPv6 extension headers)
    ByteSpan payload;           // upper-layer bytes, or this fragment's part of them
    // Set when the packet is one fragment of a larger datagram.
    bool fragment = false;
    std::uint32_t fragment_id = 0;      // IPv4 identification or IPv6 fragment header id
    std::uint32_t fragment_offset = 0;  // in bytes
    bool more_fragments = false;
    // Upper-layer bytes the length fields announce but the capture does not hold (a frame cut by
    // the snapshot length); nonzero only when parse_ip() was told the frame was cut.
    std::size_t missing = 0;
};

// Parses the IP header at the start of `packet` (IPv4 or IPv6, by the version nibble). Bytes
// after the length the header announces (link-layer padding) are ignored. Checksums are not
// verified (offloading makes them meaningless in many captures). When `snapped` (the capture
// holds less of the frame than was on the wire) a length beyond the bytes captured is that cut,
// counted in IpPacket::missing, not damage.
std::variant<IpPacket, ParseError> parse_ip(ByteSpan packet, bool snapped);

// Skips IPv6 extension headers starting with header type `next` at the start of `payload`;
// on return `next` is the upper-layer protocol and `payload` its bytes. Used after reassembly,
// when the fragmentable part may begin with extension headers. A Fragment header here is an
// error (nested fragmentation).
std::variant<std::monostate, ParseError> skip_ipv6_extensions(std::uint8_t& next,
                                                              ByteSpan& payload);

bool is_ipv6_extension(std::uint8_t next_header);

struct IpAddressHash {
    std::size_t operator()(const IpAddress& a) const;
};

}  // namespace sipdiff::capture
