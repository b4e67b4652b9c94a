// The endpoints a server trace speaks for. Capture messages to or from them are compared; the
// rest of the capture is out of scope. Endpoints come from --server, from the trace's own
// addresses, or are learned from capture messages whose content the trace also holds.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "record.h"

namespace sipdiff::match {

struct EndpointPattern {
    std::string ip;
    std::optional<std::uint16_t> port;  // any port when empty
};

// "127.0.0.1", "127.0.0.1:5060", "::1", "[::1]:5060". nullopt when it is none of these.
std::optional<EndpointPattern> parse_endpoint_pattern(std::string_view text);
std::string to_string(const EndpointPattern& p);
std::string to_string(const Endpoint& e);

class Scope {
  public:
    enum class Basis {
        Everything,      // no way to tell: every message is in scope
        Option,          // --server
        TraceAddresses,  // the trace's own addresses (sipdump)
        CaptureContent,  // learned from capture messages the trace also holds (sipp)
    };

    explicit Scope(Basis basis) : basis_(basis) {}

    void add(const EndpointPattern& p);
    // Learns the trace's endpoint from a record (sipdump: dst of rcv, src of snd).
    void learn_from_trace(const Record& r);
    // Learns the trace's endpoint from a capture copy of a trace record.
    void learn_from_pair(Direction trace_direction, const Record& capture);

    Basis basis() const { return basis_; }
    bool contains(const Endpoint& e) const;
    // In scope: Basis::Everything, or either end is one of the endpoints.
    bool covers(const Record& r) const;
    // The direction of a capture record as the trace would see it, or Unknown.
    Direction direction_of(const Record& r) const;
    std::vector<std::string> describe() const;

  private:
    void learn(const Endpoint& own);

    Basis basis_;
    std::set<std::pair<std::string, std::uint16_t>> exact_;
    std::set<std::string> any_port_;
    Endpoint last_learned_;  // every record names the server again: skip the set when it repeats
};

}  // namespace sipdiff::match
