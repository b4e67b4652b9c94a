#include "capture/ip_reassembly.h"

#include <algorithm>

namespace sipdiff::capture {

std::size_t IpReassembler::KeyHash::operator()(const Key& k) const {
    IpAddressHash h;
    return h(k.src) * 31 + h(k.dst) * 17 + (std::size_t{k.id} << 8) + k.protocol;
}

DroppedDatagram IpReassembler::dropped(const Pending& p, std::string reason) {
    return DroppedDatagram{p.first_frame, p.last_frame, std::move(reason)};
}

IpReassembler::AddResult IpReassembler::add(const IpPacket& fragment, std::int64_t time_ns,
                                            std::uint64_t frame) {
    AddResult result;
    const Key key{fragment.src, fragment.dst, fragment.protocol, fragment.fragment_id};
    auto it = pending_.find(key);
    if (it == pending_.end()) {
        if (pending_.size() >= limits_.max_datagrams) {
            std::vector<DroppedDatagram> evicted;
            evict_oldest(evicted);
            if (!evicted.empty()) {
                result.dropped = std::move(evicted.front());
            }
        }
        it = pending_.emplace(key, Pending{}).first;
        it->second.first_time_ns = time_ns;
        it->second.first_frame = frame;
    }
    Pending& p = it->second;
    p.last_frame = frame;

    const std::uint64_t start = fragment.fragment_offset;
    const std::uint64_t end = start + fragment.payload.size;
    auto give_up = [&](std::string reason) {
        result.dropped = dropped(p, std::move(reason));
        pending_.erase(it);
        return result;
    };
    if (end > limits_.max_datagram_bytes) {
        return give_up("IP fragment ends at byte " + std::to_string(end) + ", beyond " +
                       std::to_string(limits_.max_datagram_bytes));
    }
    if (fragment.more_fragments && fragment.payload.size % 8 != 0) {
        return give_up("IP fragment that is not the last has a length not a multiple of 8");
    }
    if (!fragment.more_fragments) {
        if (p.total && *p.total != end) {
            return give_up("IP fragments disagree on the datagram length (" +
                           std::to_string(*p.total) + " and " + std::to_string(end) + ")");
        }
        p.total = static_cast<std::uint32_t>(end);
    }
    if (p.total && end > *p.total) {
        return give_up("IP fragment ends at byte " + std::to_string(end) +
                       " after the datagram's end " + std::to_string(*p.total));
    }

    // Copy only the bytes not held yet: earlier arrivals win on overlap.
    if (p.bytes.size() < end) {
        p.bytes.resize(static_cast<std::size_t>(end));
    }
    const auto e = static_cast<std::uint32_t>(end);
    std::uint32_t cursor = static_cast<std::uint32_t>(start);
    auto r = p.covered.upper_bound(cursor);
    if (r != p.covered.begin()) {
        cursor = std::max(cursor, std::min(e, std::prev(r)->second));
    }
    while (cursor < e) {
        const std::uint32_t gap_end = (r == p.covered.end()) ? e : std::min(e, r->first);
        if (gap_end > cursor) {
            std::copy(fragment.payload.data + (cursor - start),
                      fragment.payload.data + (gap_end - start), p.bytes.begin() + cursor);
        }
        if (r == p.covered.end()) {
            break;
        }
        cursor = std::max(cursor, r->second);
        ++r;
    }
    // Merge [start, end) into the covered ranges.
    std::uint32_t ms = static_cast<std::uint32_t>(start);
    std::uint32_t me = e;
    r = p.covered.upper_bound(ms);
    if (r != p.covered.begin() && std::prev(r)->second >= ms) {
        --r;
    }
    while (r != p.covered.end() && r->first <= me) {
        ms = std::min(ms, r->first);
        me = std::max(me, r->second);
        r = p.covered.erase(r);
    }
    p.covered.emplace(ms, me);

    if (p.total && p.covered.size() == 1 && p.covered.begin()->first == 0 &&
        p.covered.begin()->second == *p.total) {
        Datagram d;
        d.src = key.src;
        d.dst = key.dst;
        d.protocol = key.protocol;
        d.payload = std::move(p.bytes);
        d.payload.resize(*p.total);
        d.first_frame = p.first_frame;
        result.complete = std::move(d);
        pending_.erase(it);
    }
    return result;
}

void IpReassembler::evict_oldest(std::vector<DroppedDatagram>& out) {
    auto oldest =
        std::min_element(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
            return a.second.first_time_ns < b.second.first_time_ns;
        });
    if (oldest == pending_.end()) {
        return;
    }
    out.push_back(dropped(oldest->second, "incomplete IP datagram dropped: more than " +
                                              std::to_string(limits_.max_datagrams) +
                                              " datagrams were being reassembled"));
    pending_.erase(oldest);
}

std::vector<DroppedDatagram> IpReassembler::expire(std::int64_t now_ns) {
    std::vector<DroppedDatagram> out;
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (now_ns - it->second.first_time_ns > limits_.timeout_ns) {
            out.push_back(
                dropped(it->second, "incomplete IP datagram dropped: fragments missing after " +
                                        std::to_string(limits_.timeout_ns / 1'000'000'000) + " s"));
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

std::vector<DroppedDatagram> IpReassembler::drain() {
    std::vector<DroppedDatagram> out;
    for (auto& [key, p] : pending_) {
        out.push_back(dropped(p, "incomplete IP datagram at the end of the capture"));
    }
    pending_.clear();
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first_frame < b.first_frame; });
    return out;
}

}  // namespace sipdiff::capture
