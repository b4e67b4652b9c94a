// Fuzzes IP fragment reassembly: a sequence of IPv4/IPv6 fragments into
// sipdiff::capture::IpReassembler (small limits, so timeouts and evictions happen), with
// expire() and drain(); completed datagrams go through the upper-layer parsers.
// Input: records of [flags][offset u16][time step][length][payload]; flags bit 0: IPv6,
// bits 1-2: datagram id, bit 3: more fragments, bit 4: TCP (else UDP), bit 5: expire now.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <variant>

#include "capture/ip.h"
#include "capture/ip_reassembly.h"
#include "capture/tcp.h"
#include "capture/udp.h"
#include "fuzz_input.h"

namespace {

namespace cap = sipdiff::capture;

void check_complete(const cap::Datagram& d, const cap::ReassemblyLimits& limits) {
    if (d.payload.size() > limits.max_datagram_bytes) {
        std::abort();
    }
    std::uint8_t next = d.protocol;
    cap::ByteSpan payload(d.payload.data(), d.payload.size());
    if (d.src.version == 6 && cap::is_ipv6_extension(next)) {
        if (!std::holds_alternative<std::monostate>(cap::skip_ipv6_extensions(next, payload))) {
            return;
        }
    }
    if (next == cap::ip_proto::kUdp) {
        (void)cap::parse_udp(payload, 0);
    } else if (next == cap::ip_proto::kTcp) {
        (void)cap::parse_tcp(payload);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput input(data, size);
    cap::ReassemblyLimits limits;
    limits.timeout_ns = 2'000'000'000;
    limits.max_datagrams = 3;
    limits.max_datagram_bytes = 2048;
    cap::IpReassembler reassembler(limits);

    const std::uint8_t v4a[4] = {192, 0, 2, 1};
    const std::uint8_t v4b[4] = {192, 0, 2, 2};
    const std::uint8_t v6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const std::uint8_t v6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    std::int64_t now = 1'000'000'000;
    std::uint64_t frame = 0;
    while (!input.empty()) {
        const std::uint8_t flags = input.u8();
        const std::uint16_t offset = input.u16();
        now += std::int64_t{input.u8()} * 100'000'000;
        const std::size_t length = input.u8();
        const std::string_view bytes = input.bytes(length);
        ++frame;

        cap::IpPacket fragment;
        const bool v6 = (flags & 1) != 0;
        fragment.src = v6 ? cap::ipv6_address(v6a) : cap::ipv4_address(v4a);
        fragment.dst = v6 ? cap::ipv6_address(v6b) : cap::ipv4_address(v4b);
        fragment.protocol = (flags & 0x10) != 0 ? cap::ip_proto::kTcp : cap::ip_proto::kUdp;
        fragment.payload = cap::ByteSpan(bytes);
        fragment.fragment = true;
        fragment.fragment_id = (flags >> 1) & 3;
        fragment.fragment_offset = offset;
        fragment.more_fragments = (flags & 8) != 0;

        const cap::IpReassembler::AddResult result = reassembler.add(fragment, now, frame);
        if (result.complete) {
            check_complete(*result.complete, limits);
        }
        if ((flags & 0x20) != 0) {
            (void)reassembler.expire(now);
        }
        if (reassembler.pending() > limits.max_datagrams) {
            std::abort();
        }
    }
    (void)reassembler.drain();
    if (reassembler.pending() != 0) {
        std::abort();
    }
    return 0;
}
