// Compares a server trace with a capture from start to end: estimates the clock offset on the
// first records, decides which capture messages are in scope, streams both through the Matcher,
// then sorts the unpaired messages into only-in-one-side, outside-the-window and not-logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "logs/trace_gaps.h"
#include "match/address_map.h"
#include "match/clock.h"
#include "match/keyed_source.h"
#include "match/outcome.h"
#include "match/scope.h"
#include "source.h"

namespace sipdiff::match {

struct CompareOptions {
    std::vector<EndpointPattern> servers;    // --server; empty = infer
    std::int64_t window_ns = 5'000'000'000;  // --match-window
    bool strict_window = false;              // outside-window messages count as differences
    std::size_t head_records = 4096;         // records per side used to estimate the offset
    // When those hold no message in common (a sniffer started long before the trace, or the
    // other way round), the heads grow, doubling, up to this many records per side.
    std::size_t max_head_records = 32768;
    // The capture shows messages sent over TLS or WSS in clear (Wireshark's exported PDUs):
    // log records sent that way are compared too, not counted as encrypted.
    bool capture_decrypted = false;
};

struct Span {
    std::int64_t first_ns = 0, last_ns = 0;  // in the source's own clock
};

struct Comparison {
    Summary summary;
    OffsetEstimate estimate;
    OffsetStats offsets;         // over the pairs made at `estimate`
    std::optional<Drift> drift;  // offsets.drift()
    // When the trace's clock stepped by more than the match window: every offset it kept for a
    // while, in the order of their first pairs (clock_steps.h). Empty when it kept one.
    std::vector<ClockPhase> phases;
    Scope::Basis scope_basis = Scope::Basis::Everything;
    std::vector<std::string> scope_endpoints;
    std::vector<AddressMap::Translation> translations;  // NAT between trace and capture
    std::optional<Span> log_span, capture_span;
    std::uint64_t admitted_unlogged = 0;  // what the trace says it did not log
    std::optional<Origin> first_unlogged_notice;
    std::vector<Difference> differences;  // in capture-clock order
    std::string not_comparable;           // why nothing could be compared, or empty

    int exit_status(bool strict_window) const;
    // Trace clock minus capture clock at the start and at the end of the run.
    std::int64_t offset_at_start() const;
    std::int64_t offset_at_end() const;
};

// `gaps` may be null (formats that log everything); it is read after the trace is exhausted.
Comparison compare(KeyedSource& log, KeyedSource& capture, const CompareOptions& options,
                   const logs::TraceGaps* gaps);
// The same, keying the records on the calling thread.
Comparison compare(RecordSource& log, RecordSource& capture, const CompareOptions& options,
                   const logs::TraceGaps* gaps);

}  // namespace sipdiff::match
