// Hand-built frames for the capture tests: link headers, IPv4/IPv6 (with fragments), UDP, TCP,
// and a pcap writer for end-to-end tests of the reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/bytes.h"

namespace sipdiff::capture::testing {

using Bytes = std::vector<std::uint8_t>;

Bytes bytes_of(std::string_view text);
Bytes concat(const Bytes& a, const Bytes& b);
inline ByteSpan span(const Bytes& b) {
    return ByteSpan{b.data(), b.size()};
}

struct V4 {
    std::uint8_t a, b, c, d;
};
// IPv4 packet; `offset` in bytes (multiple of 8).
Bytes ipv4(V4 src, V4 dst, std::uint8_t protocol, const Bytes& payload, std::uint16_t id = 1,
           std::uint16_t offset = 0, bool more_fragments = false);
// IPv6 address 2001:db8::<last>.
Bytes ipv6(std::uint8_t src_last, std::uint8_t dst_last, std::uint8_t next_header,
           const Bytes& payload);
// IPv6 Fragment header followed by `payload`.
Bytes ipv6_fragment_header(std::uint8_t next_header, std::uint16_t offset, bool more,
                           std::uint32_t id);
Bytes udp(std::uint16_t src_port, std::uint16_t dst_port, const Bytes& payload);
Bytes tcp(std::uint16_t src_port, std::uint16_t dst_port, std::uint32_t seq, std::uint8_t flags,
          const Bytes& payload);

// Link layers.
Bytes ethernet(std::uint16_t ethertype, const Bytes& payload,
               const std::vector<std::uint16_t>& vlan_tpids = {});
Bytes sll(std::uint16_t protocol, const Bytes& payload);
Bytes sll2(std::uint16_t protocol, const Bytes& payload);
Bytes null_loopback(std::uint32_t family, bool little_endian, const Bytes& payload);

struct Frame {
    std::int64_t time_ns = 0;
    Bytes bytes;
    std::uint32_t original_length = 0;  // 0: same as bytes.size()
};
// Writes a classic pcap with nanosecond timestamps through libpcap's own writer.
void write_pcap(const std::string& path, int link_type, const std::vector<Frame>& frames);

std::string temp_path(const std::string& name);

}  // namespace sipdiff::capture::testing
