#include "bytes_builder.h"

#include <pcap/pcap.h>
#include <unistd.h>

#include <stdexcept>

namespace sipdiff::capture::testing {
namespace {

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    put16(b, at, static_cast<std::uint16_t>(v >> 16));
    put16(b, at + 2, static_cast<std::uint16_t>(v));
}

}  // namespace

Bytes bytes_of(std::string_view text) {
    return Bytes(text.begin(), text.end());
}

Bytes concat(const Bytes& a, const Bytes& b) {
    Bytes out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

Bytes ipv4(V4 src, V4 dst, std::uint8_t protocol, const Bytes& payload, std::uint16_t id,
           std::uint16_t offset, bool more_fragments) {
    Bytes h(20, 0);
    h[0] = 0x45;
    put16(h, 2, static_cast<std::uint16_t>(20 + payload.size()));
    put16(h, 4, id);
    put16(h, 6, static_cast<std::uint16_t>((more_fragments ? 0x2000 : 0) | (offset / 8)));
    h[8] = 64;
    h[9] = protocol;
    h[12] = src.a, h[13] = src.b, h[14] = src.c, h[15] = src.d;
    h[16] = dst.a, h[17] = dst.b, h[18] = dst.c, h[19] = dst.d;
    return concat(h, payload);
}

Bytes ipv6(std::uint8_t src_last, std::uint8_t dst_last, std::uint8_t next_header,
           const Bytes& payload) {
    Bytes h(40, 0);
    h[0] = 0x60;
    put16(h, 4, static_cast<std::uint16_t>(payload.size()));
    h[6] = next_header;
    h[7] = 64;
    for (std::size_t base : {std::size_t{8}, std::size_t{24}}) {
        h[base] = 0x20, h[base + 1] = 0x01, h[base + 2] = 0x0d, h[base + 3] = 0xb8;
    }
    h[23] = src_last;
    h[39] = dst_last;
    return concat(h, payload);
}

Bytes ipv6_fragment_header(std::uint8_t next_header, std::uint16_t offset, bool more,
                           std::uint32_t id) {
    Bytes h(8, 0);
    h[0] = next_header;
    put16(h, 2, static_cast<std::uint16_t>(offset | (more ? 1 : 0)));
    put32(h, 4, id);
    return h;
}

Bytes udp(std::uint16_t src_port, std::uint16_t dst_port, const Bytes& payload) {
    Bytes h(8, 0);
    put16(h, 0, src_port);
    put16(h, 2, dst_port);
    put16(h, 4, static_cast<std::uint16_t>(8 + payload.size()));
    return concat(h, payload);
}

Bytes tcp(std::uint16_t src_port, std::uint16_t dst_port, std::uint32_t seq, std::uint8_t flags,
          const Bytes& payload) {
    Bytes h(20, 0);
    put16(h, 0, src_port);
    put16(h, 2, dst_port);
    put32(h, 4, seq);
    h[12] = 5 << 4;
    h[13] = flags;
    put16(h, 14, 65535);
    return concat(h, payload);
}

Bytes ethernet(std::uint16_t ethertype, const Bytes& payload,
               const std::vector<std::uint16_t>& vlan_tpids) {
    Bytes h(12, 0);
    h[5] = 1;
    h[11] = 2;
    std::uint16_t vid = 100;
    for (std::uint16_t tpid : vlan_tpids) {
        h.push_back(static_cast<std::uint8_t>(tpid >> 8));
        h.push_back(static_cast<std::uint8_t>(tpid));
        h.push_back(static_cast<std::uint8_t>(vid >> 8));
        h.push_back(static_cast<std::uint8_t>(vid++));
    }
    h.push_back(static_cast<std::uint8_t>(ethertype >> 8));
    h.push_back(static_cast<std::uint8_t>(ethertype));
    return concat(h, payload);
}

Bytes sll(std::uint16_t protocol, const Bytes& payload) {
    Bytes h(16, 0);
    put16(h, 0, 0);  // packet to us
    put16(h, 2, 1);  // ARPHRD_ETHER
    put16(h, 4, 6);
    put16(h, 14, protocol);
    return concat(h, payload);
}

Bytes sll2(std::uint16_t protocol, const Bytes& payload) {
    Bytes h(20, 0);
    put16(h, 0, protocol);
    put32(h, 4, 2);  // interface index
    put16(h, 8, 1);  // ARPHRD_ETHER
    h[10] = 0;
    h[11] = 6;
    return concat(h, payload);
}

Bytes null_loopback(std::uint32_t family, bool little_endian, const Bytes& payload) {
    Bytes h(4, 0);
    if (little_endian) {
        h[0] = static_cast<std::uint8_t>(family);
        h[1] = static_cast<std::uint8_t>(family >> 8);
    } else {
        put32(h, 0, family);
    }
    return concat(h, payload);
}

void write_pcap(const std::string& path, int link_type, const std::vector<Frame>& frames) {
    pcap_t* dead =
        pcap_open_dead_with_tstamp_precision(link_type, 262144, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t* out = pcap_dump_open(dead, path.c_str());
    if (out == nullptr) {
        pcap_close(dead);
        throw std::runtime_error("cannot write " + path);
    }
    for (const Frame& f : frames) {
        pcap_pkthdr h{};
        h.ts.tv_sec = static_cast<time_t>(f.time_ns / 1'000'000'000);
        h.ts.tv_usec = static_cast<suseconds_t>(f.time_ns % 1'000'000'000);
        h.caplen = static_cast<bpf_u_int32>(f.bytes.size());
        h.len = f.original_length != 0 ? f.original_length : h.caplen;
        pcap_dump(reinterpret_cast<u_char*>(out), &h, f.bytes.data());
    }
    pcap_dump_close(out);
    pcap_close(dead);
}

std::string temp_path(const std::string& name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr ? dir : "/tmp") + "/sipdiff_capture_" +
           std::to_string(getpid()) + "_" + name;
}

}  // namespace sipdiff::capture::testing
