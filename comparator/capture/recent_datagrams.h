// The last few UDP datagrams a capture held, to tell when the sniffer saw one packet twice: a
// capture on several interfaces (tcpdump -i any on a host with a bridge, as container hosts
// have) holds each packet once per interface, microseconds apart. A SIP retransmission is a
// new packet, at least T1 (500 ms by default) later, so 10 ms tells the two apart.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "capture/ip.h"

namespace sipdiff::capture {

struct UdpFlow {
    IpAddress src, dst;
    std::uint16_t src_port = 0, dst_port = 0;

    bool operator==(const UdpFlow& o) const {
        return src_port == o.src_port && dst_port == o.dst_port && src == o.src && dst == o.dst;
    }
};

class RecentDatagrams {
  public:
    static constexpr std::int64_t kSamePacketNs = 10'000'000;

    // The frame of an identical datagram (same flow, same bytes) seen less than 10 ms before,
    // or 0; then remembers this one as seen in `frame` at `time_ns`.
    std::uint64_t seen_before(const UdpFlow& flow, std::string_view payload, std::uint64_t frame,
                              std::int64_t time_ns);

  private:
    struct Seen {
        UdpFlow flow;
        std::string payload;  // reused storage
        std::uint64_t frame = 0;
        std::int64_t time_ns = 0;
    };
    // The copies of a packet come next to each other, or nearly: a few slots are enough.
    std::array<Seen, 8> seen_;
    std::size_t next_ = 0;
};

}  // namespace sipdiff::capture
