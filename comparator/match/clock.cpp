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
    // Reservoir sampling (Vitter's algorithm R), with xorshift64 for the draws.
    if (sample_.size() < kDriftSample) {
        sample_.emplace_back(capture_ns, diff_ns);
        return;
    }
    random_ ^= random_ << 13;
    random_ ^= random_ >> 7;
    random_ ^= random_ << 17;
    const std::uint64_t slot = random_ % count_;
    if (slot < kDriftSample) {
        sample_[slot] = {capture_ns, diff_ns};
    }
}

// The slope of a resistant line (Tukey's) through the sample: from the medians of time and of
// offset over its first and its last third, so that messages logged late do not bend it. It is
// taken for a clock drift when
// - it moved the offset by a millisecond or more over the run (less is jitter),
// - it is at most 1000 ppm (quartz clocks stay within 100; a virtual machine without NTP may
//   reach a few hundred; a faster change is a server that logged late for a while, such as a
//   backlog read after a stall),
// - and the line explains the pairs: their median distance from it is at most a tenth of the
//   change (a stall leaves half its messages far from any line).
std::optional<Drift> OffsetStats::drift() const {
    constexpr double kLeastChangeS = 0.001;
    constexpr double kMostPpm = 1000;
    constexpr double kMostScatter = 0.1;
    if (sample_.size() < 6 || last_ <= first_) {
        return std::nullopt;
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> by_time = sample_;
    std::sort(by_time.begin(), by_time.end());
    const auto third = static_cast<std::ptrdiff_t>(by_time.size() / 3);
    // Medians of time and of offset over one third, each on its own.
    auto medians = [](std::vector<std::pair<std::int64_t, std::int64_t>> part) {
        const auto mid = part.begin() + static_cast<std::ptrdiff_t>(part.size() / 2);
        std::nth_element(part.begin(), mid, part.end());
        const std::int64_t t = mid->first;
        std::nth_element(part.begin(), mid, part.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
        return std::make_pair(t, mid->second);
    };
    const std::pair<std::int64_t, std::int64_t> first_third =
        medians({by_time.begin(), by_time.begin() + third});
    const std::pair<std::int64_t, std::int64_t> last_third =
        medians({by_time.end() - third, by_time.end()});
    const std::int64_t t1 = first_third.first, o1 = first_third.second;
    const std::int64_t t3 = last_third.first, o3 = last_third.second;
    if (t3 <= t1) {
        return std::nullopt;
    }
    const double slope = static_cast<double>(o3 - o1) / static_cast<double>(t3 - t1);
    const double change_ns = slope * static_cast<double>(last_ - first_);
    if (std::abs(change_ns) < kLeastChangeS * 1e9 || std::abs(slope) * 1e6 > kMostPpm) {
        return std::nullopt;
    }
    std::vector<double> scatter;
    scatter.reserve(by_time.size());
    for (const auto& [t, o] : by_time) {
        scatter.push_back(
            std::abs(static_cast<double>(o - o1) - slope * static_cast<double>(t - t1)));
    }
    const auto mid = scatter.begin() + static_cast<std::ptrdiff_t>(scatter.size() / 2);
    std::nth_element(scatter.begin(), mid, scatter.end());
    if (*mid > kMostScatter * std::abs(change_ns)) {
        return std::nullopt;
    }
    auto line_at = [&](std::int64_t t) {
        return o1 + static_cast<std::int64_t>(slope * static_cast<double>(t - t1));
    };
    return Drift{slope * 1e6, change_ns / 1e9, line_at(first_), line_at(last_)};
}

double OffsetStats::mean_s() const {
    return mean_ / 1e9;
}

double OffsetStats::stddev_s() const {
    return count_ > 1 ? std::sqrt(m2_ / static_cast<double>(count_ - 1)) / 1e9 : 0.0;
}

}  // namespace sipdiff::match
