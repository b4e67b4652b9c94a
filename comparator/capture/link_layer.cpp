#include "capture/link_layer.h"

#include <string>

namespace sipdiff::capture {
namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;     // 802.1Q
constexpr std::uint16_t kEtherQinQ = 0x88A8;     // 802.1ad service tag
constexpr std::uint16_t kEtherQinQOld = 0x9100;  // pre-standard QinQ
constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kVlanTag = 4;
constexpr std::size_t kSllHeader = 16;
constexpr std::size_t kSll2Header = 20;
constexpr std::size_t kNullHeader = 4;

// Address families that mean IPv4 / IPv6 in a null/loopback header (Linux, BSDs, macOS).
bool is_af_inet(std::uint32_t af) {
    return af == 2;
}
bool is_af_inet6(std::uint32_t af) {
    return af == 10 || af == 24 || af == 28 || af == 30;
}

LinkResult ip(ByteSpan packet) {
    return LinkResult{LinkResult::Kind::Ip, packet, {}};
}
LinkResult not_ip() {
    return LinkResult{};
}
LinkResult malformed(std::string reason) {
    return LinkResult{LinkResult::Kind::Malformed, {}, std::move(reason)};
}

// `ethertype` is followed by `rest`; strips VLAN tags and keeps IPv4 / IPv6.
LinkResult by_ethertype(std::uint16_t ethertype, ByteSpan rest, const char* link) {
    while (ethertype == kEtherVlan || ethertype == kEtherQinQ || ethertype == kEtherQinQOld) {
        if (rest.size < kVlanTag) {
            return malformed(std::string(link) + " frame ends inside a VLAN tag");
        }
        ethertype = be16(rest.data + 2);
        rest = rest.from(kVlanTag);
    }
    if (ethertype == kEtherIpv4 || ethertype == kEtherIpv6) {
        return ip(rest);
    }
    return not_ip();
}

LinkResult raw(ByteSpan frame) {
    if (frame.empty()) {
        return malformed("empty raw IP frame");
    }
    const int version = frame.data[0] >> 4;
    if (version == 4 || version == 6) {
        return ip(frame);
    }
    return not_ip();
}

LinkResult null_loopback(ByteSpan frame) {
    if (frame.size < kNullHeader) {
        return malformed("loopback frame shorter than its 4-byte header");
    }
    // The family is written in the capturing host's byte order; families are small numbers, so
    // the byte order whose value is small is the right one.
    std::uint32_t af = le32(frame.data);
    if (af > 0xFFFF) {
        af = be32(frame.data);
    }
    if (is_af_inet(af) || is_af_inet6(af)) {
        return ip(frame.from(kNullHeader));
    }
    return not_ip();
}

}  // namespace

bool link_type_supported(int type) {
    switch (type) {
        case link_type::kNull:
        case link_type::kEthernet:
        case link_type::kRaw:
        case link_type::kRawOpenBsd:
        case link_type::kRawLinktype:
        case link_type::kLoop:
        case link_type::kLinuxSll:
        case link_type::kIpv4:
        case link_type::kIpv6:
        case link_type::kLinuxSll2:
            return true;
        default:
            return false;
    }
}

LinkResult decode_link(int type, ByteSpan frame) {
    switch (type) {
        case link_type::kEthernet:
            if (frame.size < kEthernetHeader) {
                return malformed("Ethernet frame shorter than 14 bytes");
            }
            return by_ethertype(be16(frame.data + 12), frame.from(kEthernetHeader), "Ethernet");
        case link_type::kLinuxSll:
            if (frame.size < kSllHeader) {
                return malformed("Linux cooked (SLL) frame shorter than 16 bytes");
            }
            return by_ethertype(be16(frame.data + 14), frame.from(kSllHeader), "SLL");
        case link_type::kLinuxSll2:
            if (frame.size < kSll2Header) {
                return malformed("Linux cooked (SLL2) frame shorter than 20 bytes");
            }
            return by_ethertype(be16(frame.data), frame.from(kSll2Header), "SLL2");
        case link_type::kNull:
        case link_type::kLoop:
            return null_loopback(frame);
        case link_type::kRaw:
        case link_type::kRawOpenBsd:
        case link_type::kRawLinktype:
            return raw(frame);
        case link_type::kIpv4:
            return frame.empty() ? malformed("empty raw IPv4 frame") : ip(frame);
        case link_type::kIpv6:
            return frame.empty() ? malformed("empty raw IPv6 frame") : ip(frame);
        default:
            return not_ip();
    }
}

}  // namespace sipdiff::capture
