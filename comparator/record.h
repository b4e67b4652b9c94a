// Record: one SIP message as one source (a capture or a server trace) saw it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sipdiff {

enum class Transport { Unknown, Udp, Tcp, Tls, Sctp, Ws, Wss };

// Direction from the point of view of the endpoint that wrote the trace (the server).
// Captures do not know it; the matcher derives it from the endpoints in scope.
enum class Direction { Unknown, Received, Sent };

struct Endpoint {
    std::string ip;  // textual, as inet_ntop prints it; empty when the source does not say
    std::uint16_t port = 0;

    bool known() const { return !ip.empty(); }
    bool operator==(const Endpoint& o) const { return port == o.port && ip == o.ip; }
    bool operator!=(const Endpoint& o) const { return !(*this == o); }
};

// Where a record came from, for messages a person can follow: "trace.data:1234" or "frame 17".
struct Origin {
    std::string_view file;    // from file_name(): valid for the whole run
    std::uint64_t line = 0;   // 1-based line of the record's first line in a text trace, else 0
    std::uint64_t frame = 0;  // 1-based frame number in a capture (the last frame for TCP), else 0
};

// The one copy of an input file's name that every Origin of that file views: a record carries a
// view instead of a string of its own (a heap copy per message when the path is long).
std::string_view file_name(std::string_view path);

struct Record {
    std::int64_t time_ns = 0;  // UTC nanoseconds since the epoch, in the source's own clock
    Transport transport = Transport::Unknown;
    // Nonzero when `bytes` is only the start of a message this long: the capture's snapshot
    // length cut the frame short. (Here it fills the padding after `transport`.)
    std::uint32_t full_size = 0;
    Endpoint src;
    Endpoint dst;
    Direction direction = Direction::Unknown;
    // The source holds the message only as Asterisk's chan_sip logs a received one, header
    // whitespace folded (sip/chan_sip_folding.h): `bytes` is that text back in wire form, and
    // another copy is compared folded the same way.
    bool folded = false;
    std::string bytes;  // the SIP message exactly as the source holds it
    Origin origin;

    bool cut() const { return full_size != 0; }
    std::size_t size_on_wire() const { return cut() ? full_size : bytes.size(); }
};

// Whether two copies of a message hold the same bytes: all of them, or, when one copy was cut
// short, as far as both go and with the same length on the wire; when one copy is folded, the
// other once folded the same way.
bool same_folded_bytes(const Record& a, const Record& b);

inline bool same_bytes(const Record& a, const Record& b) {
    if (a.folded != b.folded) {
        return same_folded_bytes(a, b);
    }
    if (!a.cut() && !b.cut()) {
        return a.bytes == b.bytes;
    }
    if (a.size_on_wire() != b.size_on_wire()) {
        return false;
    }
    const std::size_t common = a.bytes.size() < b.bytes.size() ? a.bytes.size() : b.bytes.size();
    return a.bytes.compare(0, common, b.bytes, 0, common) == 0;
}

}  // namespace sipdiff
