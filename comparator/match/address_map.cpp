#include "match/address_map.h"

#include <algorithm>

namespace sipdiff::match {
namespace {

bool translated(const Record& trace, const Record& capture) {
    return trace.src != capture.src || trace.dst != capture.dst;
}

bool addressed(const HeadPair& p) {
    return p.trace->src.known() && p.trace->dst.known() && p.capture->src.known() &&
           p.capture->dst.known();
}

// What the head pairs say about one trace endpoint.
struct Evidence {
    std::size_t order = 0;  // first appearance
    Endpoint capture;       // the first capture endpoint seen for it
    std::size_t messages = 0;
    bool consistent = true;  // every pair showed the same capture endpoint
};

}  // namespace

AddressMap AddressMap::learn(const std::vector<HeadPair>& pairs) {
    AddressMap map;
    // Usually nothing is translated: one look at each pair settles it.
    if (std::none_of(pairs.begin(), pairs.end(), [](const HeadPair& p) {
            return addressed(p) && translated(*p.trace, *p.capture);
        })) {
        return map;
    }
    std::unordered_map<Endpoint, Evidence, EndpointHash> seen;
    const auto observe = [&seen](const Endpoint& trace, const Endpoint& capture) {
        Evidence& e =
            seen.try_emplace(trace, Evidence{seen.size(), capture, 0, true}).first->second;
        ++e.messages;
        e.consistent = e.consistent && e.capture == capture;
    };
    for (const HeadPair& p : pairs) {
        if (addressed(p)) {
            observe(p.trace->src, p.capture->src);
            observe(p.trace->dst, p.capture->dst);
        }
    }
    std::vector<std::pair<std::size_t, Translation>> found;
    for (const auto& [trace, e] : seen) {
        if (e.consistent && e.messages >= 2 && trace != e.capture) {
            found.push_back({e.order, Translation{trace, e.capture, e.messages}});
        }
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [order, t] : found) {
        map.index_.emplace(t.trace, map.translations_.size());
        map.translations_.push_back(std::move(t));
    }
    return map;
}

const Endpoint& AddressMap::to_capture(const Endpoint& trace) const {
    if (translations_.empty()) {
        return trace;
    }
    const auto it = index_.find(trace);
    return it == index_.end() ? trace : translations_[it->second].capture;
}

}  // namespace sipdiff::match
