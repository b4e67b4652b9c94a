// The offset between a trace's clock and the capture's: estimated before pairing from messages
// both hold byte for byte, then measured on every identical pair.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "match/keyed_source.h"

namespace sipdiff::match {

struct OffsetEstimate {
    std::int64_t offset_ns = 0;  // trace time minus capture time
    std::size_t samples = 0;     // messages that occur exactly once in both heads; 0 = no estimate
};

// One message that occurs once in each head (once by identity key), with the same bytes in both.
struct HeadPair {
    const Record* trace;
    const Record* capture;
};

// The head pairs, in no particular order. They point into the heads.
std::vector<HeadPair> head_pairs(const std::deque<KeyedRecord>& trace_head,
                                 const std::deque<KeyedRecord>& capture_head);
// The same over any records (those a first pairing left over, for clock steps).
std::vector<HeadPair> head_pairs(const std::vector<const KeyedRecord*>& trace,
                                 const std::vector<const KeyedRecord*>& capture);

// Median of (trace time - capture time) over the head pairs.
OffsetEstimate estimate_offset(const std::vector<HeadPair>& pairs);

// A clock that runs fast or slow against the other: the offset grows along a straight line.
struct Drift {
    double ppm = 0;         // parts per million: offset change per unit of capture time
    double over_run_s = 0;  // the change between the first and the last pair
    std::int64_t first_offset_ns = 0, last_offset_ns = 0;  // the line at those two pairs
};

// Running statistics of (trace time - capture time) over the identical pairs, and when in the
// capture's clock the first and the last of them were.
class OffsetStats {
  public:
    void add(std::int64_t diff_ns, std::int64_t capture_ns);
    std::size_t count() const { return count_; }
    double mean_s() const;
    double stddev_s() const;
    double min_s() const { return static_cast<double>(min_) / 1e9; }
    double max_s() const { return static_cast<double>(max_) / 1e9; }
    std::int64_t first_ns() const { return first_; }
    std::int64_t last_ns() const { return last_; }
    // How fast the trace's clock gains on the capture's, when the pairs show a clock drift
    // (see drift() in clock.cpp): none when the offset stayed put, or moved in a way no drifting
    // clock moves.
    std::optional<Drift> drift() const;

  private:
    // Up to this many (capture time, offset) pairs, each pair equally likely to be among them.
    static constexpr std::size_t kDriftSample = 4096;

    std::size_t count_ = 0;
    double mean_ = 0;  // nanoseconds, Welford's algorithm
    double m2_ = 0;
    std::int64_t min_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t max_ = std::numeric_limits<std::int64_t>::min();
    std::int64_t first_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t last_ = std::numeric_limits<std::int64_t>::min();
    std::vector<std::pair<std::int64_t, std::int64_t>> sample_;
    std::uint64_t random_ = 0x9E3779B97F4A7C15ULL;  // a fixed seed: the same run, the same sample
};

// A stretch of the run over which the trace's clock kept one offset to the capture's: the whole
// run, unless the server's clock stepped (an NTP correction, a virtual machine resumed) by more
// than the match window.
struct ClockPhase {
    OffsetEstimate estimate;          // the offset the pairing used
    OffsetStats offsets;              // the identical pairs made at it
    Origin first_log, first_capture;  // the first of those pairs
    std::optional<Drift> drift;       // offsets.drift(), once they are complete
};

}  // namespace sipdiff::match
