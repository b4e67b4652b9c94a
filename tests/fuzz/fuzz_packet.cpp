// Fuzzes one captured frame through the packet parsers: sipdiff::capture::decode_link (every
// supported link type), parse_ip, skip_ipv6_extensions, parse_udp, parse_tcp and the SIP
// datagram check. Input: a link-type selector byte (its top bit: the frame was cut by the
// snapshot length), then the frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "capture/ip.h"
#include "capture/link_layer.h"
#include "capture/tcp.h"
#include "capture/udp.h"
#include "fuzz_input.h"
#include "sip/framing.h"

namespace {

namespace cap = sipdiff::capture;

void check_inside(cap::ByteSpan outer, cap::ByteSpan inner) {
    if (inner.size != 0 &&
        (inner.data < outer.data || inner.data + inner.size > outer.data + outer.size)) {
        std::abort();
    }
}

void upper_layer(std::uint8_t protocol, cap::ByteSpan payload, std::size_t missing) {
    if (protocol == cap::ip_proto::kUdp) {
        auto udp = cap::parse_udp(payload, missing);
        if (auto* d = std::get_if<cap::UdpDatagram>(&udp)) {
            check_inside(payload, d->payload);
            (void)sipdiff::sip::is_sip_datagram(d->payload.chars());
        }
    } else if (protocol == cap::ip_proto::kTcp) {
        auto tcp = cap::parse_tcp(payload);
        if (auto* s = std::get_if<cap::TcpSegment>(&tcp)) {
            check_inside(payload, s->payload);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr int kTypes[] = {cap::link_type::kNull,        cap::link_type::kEthernet,
                              cap::link_type::kRaw,         cap::link_type::kRawOpenBsd,
                              cap::link_type::kRawLinktype, cap::link_type::kLoop,
                              cap::link_type::kLinuxSll,    cap::link_type::kIpv4,
                              cap::link_type::kIpv6,        cap::link_type::kLinuxSll2};
    fuzz::FuzzInput input(data, size);
    const std::uint8_t selector = input.u8();
    const bool snapped = (selector & 0x80) != 0;
    const int type = kTypes[(selector & 0x7F) % (sizeof kTypes / sizeof kTypes[0])];
    if (!cap::link_type_supported(type)) {
        std::abort();
    }
    const cap::ByteSpan frame(input.rest());

    const cap::LinkResult link = cap::decode_link(type, frame);
    if (link.kind != cap::LinkResult::Kind::Ip) {
        return 0;
    }
    check_inside(frame, link.packet);
    auto ip = cap::parse_ip(link.packet, snapped);
    auto* packet = std::get_if<cap::IpPacket>(&ip);
    if (packet == nullptr) {
        return 0;
    }
    check_inside(link.packet, packet->payload);
    (void)cap::to_string(packet->src);
    (void)cap::to_string(packet->dst);
    if (packet->fragment) {
        // What reassembly would do with a datagram that starts with this fragment's bytes.
        std::uint8_t next = packet->protocol;
        cap::ByteSpan payload = packet->payload;
        if (packet->src.version == 6 && cap::is_ipv6_extension(next)) {
            if (std::holds_alternative<std::monostate>(cap::skip_ipv6_extensions(next, payload))) {
                check_inside(packet->payload, payload);
            }
        }
        return 0;
    }
    if (!snapped && packet->missing != 0) {
        std::abort();
    }
    upper_layer(packet->protocol, packet->payload, packet->missing);
    return 0;
}
