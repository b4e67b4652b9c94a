#include "match/clock.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sipdiff::match {
namespace {

struct Occurrence {
    std::size_t count = 0;
    std::int64_t time_ns = 0;
};

std::unordered_map<std::string_view, Occurrence> occurrences(
    const std::deque<KeyedRecord>& records) {
    std::unordered_map<std::string_view, Occurrence> map;
    for (const KeyedRecord& r : records) {
        Occurrence& o = map[r.record.bytes];
        ++o.count;
        o.time_ns = r.record.time_ns;
    }
    return map;
}

}  // namespace

OffsetEstimate estimate_offset(const std::deque<KeyedRecord>& trace_head,
                               const std::deque<KeyedRecord>& capture_head) {
    auto trace = occurrences(trace_head);
    auto capture = occurrences(capture_head);
    std::vector<std::int64_t> diffs;
    for (const auto& [bytes, t] : trace) {
        auto c = capture.find(bytes);
        if (t.count == 1 && c != capture.end() && c->second.count == 1) {
            diffs.push_back(t.time_ns - c->second.time_ns);
        }
    }
    if (diffs.empty()) {
        return {};
    }
    auto mid = diffs.begin() + static_cast<std::ptrdiff_t>(diffs.size() / 2);
    std::nth_element(diffs.begin(), mid, diffs.end());
    return OffsetEstimate{*mid, diffs.size()};
}

void OffsetStats::add(std::int64_t diff_ns) {
    ++count_;
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
