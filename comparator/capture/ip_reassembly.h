// IP fragment reassembly (IPv4 and IPv6) with a timeout and limits, so that a long capture with
// lost fragments does not keep state forever.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/ip.h"

namespace sipdiff::capture {

struct ReassemblyLimits {
    std::int64_t timeout_ns = 30'000'000'000;  // capture time since a datagram's first fragment
    std::size_t max_datagrams = 4096;          // datagrams being reassembled at once
    std::size_t max_datagram_bytes = 65535;    // upper-layer bytes of one datagram
};

// A whole datagram put back together; `payload` starts with the upper-layer header (for IPv6,
// possibly with extension headers first: see skip_ipv6_extensions).
struct Datagram {
    IpAddress src;
    IpAddress dst;
    std::uint8_t protocol = 0;
    std::vector<std::uint8_t> payload;
    std::uint64_t first_frame = 0;
};

// A datagram given up on, and why ("incomplete after 30 s", "overlaps ...").
struct DroppedDatagram {
    std::uint64_t first_frame = 0;
    std::uint64_t last_frame = 0;
    std::string reason;
};

class IpReassembler {
  public:
    explicit IpReassembler(ReassemblyLimits limits = {}) : limits_(limits) {}

    struct AddResult {
        std::optional<Datagram> complete;        // this fragment completed a datagram
        std::optional<DroppedDatagram> dropped;  // this fragment made a datagram unusable
    };
    // Adds one fragment (`fragment.fragment` must be set). Overlapping bytes keep the value that
    // arrived first; exact duplicates change nothing.
    AddResult add(const IpPacket& fragment, std::int64_t time_ns, std::uint64_t frame);

    // Gives up on datagrams whose first fragment is older than the timeout at `now_ns`.
    std::vector<DroppedDatagram> expire(std::int64_t now_ns);
    // Gives up on everything still pending (end of capture).
    std::vector<DroppedDatagram> drain();

    std::size_t pending() const { return pending_.size(); }

  private:
    struct Key {
        IpAddress src;
        IpAddress dst;
        std::uint8_t protocol = 0;
        std::uint32_t id = 0;
        bool operator==(const Key& o) const {
            return id == o.id && protocol == o.protocol && src == o.src && dst == o.dst;
        }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const;
    };
    struct Pending {
        std::vector<std::uint8_t> bytes;
        std::map<std::uint32_t, std::uint32_t> covered;  // start -> end of byte ranges held
        std::optional<std::uint32_t> total;              // known once the last fragment is seen
        std::int64_t first_time_ns = 0;
        std::uint64_t first_frame = 0;
        std::uint64_t last_frame = 0;
    };

    static DroppedDatagram dropped(const Pending& p, std::string reason);
    void evict_oldest(std::vector<DroppedDatagram>& out);

    ReassemblyLimits limits_;
    std::unordered_map<Key, Pending, KeyHash> pending_;
};

}  // namespace sipdiff::capture
