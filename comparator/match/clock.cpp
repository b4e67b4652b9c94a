#include "match/clock.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <vector>

#include "match/outcome.h"

namespace sipdiff::match {
namespace {

struct Occurrence {
    std::size_t count = 0;
    const Record* record = nullptr;
};

// By identity key, which the reading threads computed already: hashing every head message's
// bytes again here held up the start of pairing.
std::unordered_map<std::uint64_t, Occurrence> occurrences(
    const std::vector<const KeyedRecord*>& records) {
    std::unordered_map<std::uint64_t, Occurrence> map;
    map.reserve(records.size());
    for (const KeyedRecord* each : records) {
        const KeyedRecord& r = *each;
        Occurrence& o = map[r.key];
        if (o.count > 0 && o.record->bytes.size() == r.record.bytes.size() &&
            std::abs(o.record->time_ns - r.record.time_ns) < kSniffedTwiceNs) {
            continue;  // the same packet seen again by the sniffer: still one message
        }
        ++o.count;
        o.record = &r.record;
    }
    return map;
}

std::vector<const KeyedRecord*> pointers(const std::deque<KeyedRecord>& records) {
    std::vector<const KeyedRecord*> out;
    out.reserve(records.size());
    for (const KeyedRecord& r : records) {
        out.push_back(&r);
    }
    return out;
}

}  // namespace

std::vector<HeadPair> head_pairs(const std::deque<KeyedRecord>& trace_head,
                                 const std::deque<KeyedRecord>& capture_head) {
    return head_pairs(pointers(trace_head), pointers(capture_head));
}

std::vector<HeadPair> head_pairs(const std::vector<const KeyedRecord*>& trace_records,
                                 const std::vector<const KeyedRecord*>& capture_records) {
    auto trace = occurrences(trace_records);
    auto capture = occurrences(capture_records);
    std::vector<HeadPair> pairs;
    for (const auto& [key, t] : trace) {
        auto c = capture.find(key);
        if (t.count == 1 && c != capture.end() && c->second.count == 1 &&
            same_bytes(*t.record, *c->second.record)) {
            pairs.push_back({t.record, c->second.record});
        }
    }
    return pairs;
}

OffsetEstimate estimate_offset(const std::vector<HeadPair>& pairs) {
    std::vector<std::int64_t> diffs;
    diffs.reserve(pairs.size());
    for (const HeadPair& p : pairs) {
        diffs.push_back(p.trace->time_ns - p.capture->time_ns);
    }
    if (diffs.empty()) {
        return {};
    }
    auto mid = diffs.begin() + static_cast<std::ptrdiff_t>(diffs.size() / 2);
    std::nth_element(diffs.begin(), mid, diffs.end());
    return OffsetEstimate{*mid, diffs.size()};
}

void OffsetStats::add(std::int64_t diff_ns, std::int64_t capture_ns) {
    ++count_;
    first_ = std::min(first_, capture_ns);
    last_ = std::max(last_, capture_ns);
    double x = static_cast<double>(diff_ns);
    double delta = x - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (x - mean_);
    min_ = std::min(min_, diff_ns);
    max_ = std::max(max_, diff_ns);
}

double OffsetStats::mean_s() const {
    return mean_ / 1e9;
}

double OffsetStats::stddev_s() const {
    return count_ > 1 ? std::sqrt(m2_ / static_cast<double>(count_ - 1)) / 1e9 : 0.0;
}

}  // namespace sipdiff::match
