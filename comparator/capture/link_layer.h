// Link layers: from a captured frame to the IP packet it carries.
#pragma once

#include <string>

#include "capture/bytes.h"

namespace sipdiff::capture {

// Link types as libpcap's pcap_datalink() reports them (DLT_* values; checked against
// <pcap/dlt.h> in capture_reader.cpp). Only these are decoded.
namespace link_type {
constexpr int kNull = 0;           // BSD loopback: 4-byte address family in the writer's byte order
constexpr int kEthernet = 1;       // Ethernet II, with any number of 802.1Q / 802.1ad / QinQ tags
constexpr int kRaw = 12;           // raw IPv4 or IPv6 (DLT_RAW on Linux)
constexpr int kRawOpenBsd = 14;    // DLT_RAW as OpenBSD numbers it
constexpr int kRawLinktype = 101;  // LINKTYPE_RAW, when libpcap hands the file value through
constexpr int kLoop = 108;         // OpenBSD loopback: address family in network byte order
constexpr int kLinuxSll = 113;     // Linux "cooked" capture v1 (tcpdump -i any)
constexpr int kIpv4 = 228;         // raw IPv4 only
constexpr int kIpv6 = 229;         // raw IPv6 only
constexpr int kLinuxSll2 = 276;    // Linux "cooked" capture v2
}  // namespace link_type

bool link_type_supported(int type);

struct LinkResult {
    enum class Kind {
        Ip,         // `packet` holds an IPv4 or IPv6 packet (possibly with trailing padding)
        NotIp,      // a frame of another protocol (ARP, LLDP, ...): out of scope, not a problem
        Malformed,  // too short for its own headers: `reason` says why
    };
    Kind kind = Kind::NotIp;
    ByteSpan packet;
    std::string reason;
};

LinkResult decode_link(int type, ByteSpan frame);

}  // namespace sipdiff::capture
