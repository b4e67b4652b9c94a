#include "capture/ip.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <optional>

namespace sipdiff::capture {
namespace {

constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kIpv6FragmentHeader = 8;
constexpr std::uint16_t kIpv4MoreFragments = 0x2000;
constexpr std::uint16_t kIpv4OffsetMask = 0x1FFF;

ParseError error(std::string reason) {
    return ParseError{std::move(reason)};
}

// Skips the extension header of type `next` at the start of `rest`.
std::optional<ParseError> skip_one_extension(std::uint8_t& next, ByteSpan& rest) {
    if (rest.size < 2) {
        return error("IPv6 extension header " + std::to_string(next) + " truncated");
    }
    // AH counts 4-byte words minus 2, the others 8-byte words minus 1.
    const std::size_t length = next == ip_proto::kAuthHeader ? (std::size_t{rest.data[1]} + 2) * 4
                                                             : (std::size_t{rest.data[1]} + 1) * 8;
    if (length > rest.size) {
        return error("IPv6 extension header " + std::to_string(next) + " truncated");
    }
    next = rest.data[0];
    rest = rest.from(length);
    return std::nullopt;
}

std::variant<IpPacket, ParseError> parse_ipv4(ByteSpan p, bool snapped) {
    if (p.size < kIpv4MinHeader) {
        return error("IPv4 header truncated (" + std::to_string(p.size) + " bytes)");
    }
    const std::size_t header = std::size_t{p.data[0] & 0x0Fu} * 4;
    if (header < kIpv4MinHeader) {
        return error("IPv4 header length " + std::to_string(header) + " is below 20");
    }
    const std::size_t total = be16(p.data + 2);
    if (total < header) {
        return error("IPv4 total length " + std::to_string(total) + " is below its header length " +
                     std::to_string(header));
    }
    if (total > p.size && (!snapped || header > p.size)) {
        return error("IPv4 total length " + std::to_string(total) + " exceeds the " +
                     std::to_string(p.size) + " bytes captured");
    }
    IpPacket out;
    out.missing = total > p.size ? total - p.size : 0;
    out.src = ipv4_address(p.data + 12);
    out.dst = ipv4_address(p.data + 16);
    out.protocol = p.data[9];
    out.payload = ByteSpan{p.data + header, total - header - out.missing};
    const std::uint16_t flags_offset = be16(p.data + 6);
    out.more_fragments = (flags_offset & kIpv4MoreFragments) != 0;
    out.fragment_offset =
        std::uint32_t{static_cast<std::uint16_t>(flags_offset & kIpv4OffsetMask)} * 8;
    out.fragment = out.more_fragments || out.fragment_offset != 0;
    out.fragment_id = be16(p.data + 4);
    return out;
}

std::variant<IpPacket, ParseError> parse_ipv6(ByteSpan p, bool snapped) {
    if (p.size < kIpv6Header) {
        return error("IPv6 header truncated (" + std::to_string(p.size) + " bytes)");
    }
    const std::size_t payload_length = be16(p.data + 4);
    if (payload_length == 0) {
        // Zero means a jumbogram (Hop-by-Hop Jumbo Payload option) or nothing at all.
        return error("IPv6 payload length 0 (jumbograms are not supported)");
    }
    if (kIpv6Header + payload_length > p.size && !snapped) {
        return error("IPv6 payload length " + std::to_string(payload_length) + " exceeds the " +
                     std::to_string(p.size - kIpv6Header) + " bytes captured");
    }
    IpPacket out;
    const std::size_t captured = std::min(payload_length, p.size - kIpv6Header);
    out.missing = payload_length - captured;
    out.src = ipv6_address(p.data + 8);
    out.dst = ipv6_address(p.data + 24);
    std::uint8_t next = p.data[6];
    ByteSpan rest{p.data + kIpv6Header, captured};
    // Extension headers before a Fragment header belong to the unfragmentable part.
    while (is_ipv6_extension(next) || next == ip_proto::kFragment) {
        if (next == ip_proto::kFragment) {
            if (rest.size < kIpv6FragmentHeader) {
                return error("IPv6 Fragment header truncated");
            }
            const std::uint16_t offset_flags = be16(rest.data + 2);
            out.fragment_offset = offset_flags & 0xFFF8u;
            out.more_fragments = (offset_flags & 1u) != 0;
            out.fragment_id = be32(rest.data + 4);
            out.fragment = out.more_fragments || out.fragment_offset != 0;
            next = rest.data[0];
            rest = rest.from(kIpv6FragmentHeader);
            if (out.fragment) {
                // The rest (possibly more extension headers) is only whole after reassembly.
                out.protocol = next;
                out.payload = rest;
                return out;
            }
            continue;  // an "atomic" fragment: offset 0, no more fragments
        }
        if (auto bad = skip_one_extension(next, rest)) {
            return *bad;
        }
    }
    out.protocol = next;
    out.payload = rest;
    return out;
}

}  // namespace

bool is_ipv6_extension(std::uint8_t next_header) {
    return next_header == ip_proto::kHopByHop || next_header == ip_proto::kRouting ||
           next_header == ip_proto::kDestOptions || next_header == ip_proto::kAuthHeader;
}

std::variant<std::monostate, ParseError> skip_ipv6_extensions(std::uint8_t& next,
                                                              ByteSpan& payload) {
    while (is_ipv6_extension(next) || next == ip_proto::kFragment) {
        if (next == ip_proto::kFragment) {
            return error("IPv6 Fragment header inside a reassembled datagram");
        }
        if (auto bad = skip_one_extension(next, payload)) {
            return *bad;
        }
    }
    return std::monostate{};
}

std::variant<IpPacket, ParseError> parse_ip(ByteSpan packet, bool snapped) {
    if (packet.empty()) {
        return error("empty IP packet");
    }
    switch (packet.data[0] >> 4) {
        case 4:
            return parse_ipv4(packet, snapped);
        case 6:
            return parse_ipv6(packet, snapped);
        default:
            return error("IP version " + std::to_string(packet.data[0] >> 4) + " is not 4 or 6");
    }
}

IpAddress ipv4_address(const std::uint8_t* four_bytes) {
    IpAddress a;
    a.version = 4;
    std::memcpy(a.bytes.data(), four_bytes, 4);
    return a;
}

IpAddress ipv6_address(const std::uint8_t* sixteen_bytes) {
    IpAddress a;
    a.version = 6;
    std::memcpy(a.bytes.data(), sixteen_bytes, 16);
    return a;
}

std::string to_string(const IpAddress& address) {
    char text[INET6_ADDRSTRLEN] = {};
    const int family = address.version == 6 ? AF_INET6 : AF_INET;
    if (inet_ntop(family, address.bytes.data(), text, sizeof text) == nullptr) {
        return {};
    }
    return text;
}

std::size_t IpAddressHash::operator()(const IpAddress& a) const {
    std::uint64_t h = 1469598103934665603ull ^ a.version;
    for (std::uint8_t b : a.bytes) {
        h = (h ^ b) * 1099511628211ull;
    }
    return static_cast<std::size_t>(h);
}

}  // namespace sipdiff::capture
