// The result of comparing a server trace with a capture: counts, the clock offset, and every
// difference with what a person needs to find both copies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "match/diff.h"
#include "record.h"

namespace sipdiff::match {

// One copy of a message, as much as a report needs of it.
struct Seen {
    Origin origin;
    std::int64_t time_ns = 0;  // in its own source's clock
    Transport transport = Transport::Unknown;
    Endpoint src, dst;
    Direction direction = Direction::Unknown;  // as the trace sees it (captures: by scope)
    std::string first_line, call_id, cseq;
    std::size_t size = 0;       // bytes the source holds
    std::size_t full_size = 0;  // the message's size when the source holds only its start, else 0
};

Seen seen_from(const Record& r, Direction direction);

enum class Kind {
    Differing,      // one message, both copies, different bytes
    OnlyInLog,      // in the trace, not in the capture
    OnlyInCapture,  // in the capture (in scope), not in the trace
    OutsideWindow,  // unpaired, but outside the time span both sources cover
    NotLogged,      // only in the capture, and the trace admits it did not log such a write
    CutShort,       // both copies, the same as far as both go, but one was cut short (snapshot
                    // length): the rest could not be compared
};

struct Difference {
    Kind kind = Kind::Differing;
    std::optional<Seen> log, capture;
    MessageDiff diff;                  // Differing only
    std::optional<Origin> copy_of;     // an extra copy (retransmission, duplicate) of this one
    std::int64_t clock_offset_ns = 0;  // trace clock minus capture clock where this message is
};

// A capture on several interfaces (tcpdump -i any on a container host: the bridge and the
// veth) holds each packet once per interface, microseconds apart. A copy of a paired capture
// message, as long, less than this after or before it, is that: the sniffer seeing the packet
// again, not an extra copy on the wire (a SIP retransmission comes T1 = 500 ms later at least).
constexpr std::int64_t kSniffedTwiceNs = 10'000'000;

struct Summary {
    std::uint64_t log_records = 0, capture_records = 0;
    std::uint64_t matched = 0, differing = 0, only_in_log = 0, only_in_capture = 0,
                  outside_window = 0, not_logged = 0, extra_copies = 0, out_of_scope = 0,
                  sniffed_twice = 0,  // capture datagrams the sniffer saw twice, left over
        cut_short = 0;
    std::uint64_t log_records_cut = 0, capture_records_cut = 0;  // held only in part (snapshot)
    // Log records sent over TLS or WSS: a capture holds them encrypted, so they are not compared
    // (counted in log_records too).
    std::uint64_t encrypted = 0;
    std::uint64_t problems = 0;  // damaged input records skipped
};

}  // namespace sipdiff::match
