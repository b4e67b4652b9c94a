#include "match/matcher.h"

#include <algorithm>
#include <variant>

#include "sip/chan_sip_folding.h"

namespace sipdiff::match {
namespace {

std::int64_t distance(std::int64_t a, std::int64_t b) {
    return a > b ? a - b : b - a;
}

}  // namespace

Matcher::Matcher(MatchSettings settings, Scope& scope)
    : settings_(settings), scope_(scope), offset_ns_(settings.offset_ns) {}

void Matcher::retire_to(KeyedSource& log, KeyedSource& capture) {
    sources_[kLog] = &log;
    sources_[kCapture] = &capture;
}

void Matcher::retire(Side side, Record&& r) {
    if (sources_[side] != nullptr) {
        sources_[side]->retire(std::move(r));
    }
}

void Matcher::add_log(KeyedRecord&& r) {
    ++summary_.log_records;
    summary_.log_records_cut += r.record.cut() ? 1 : 0;
    scope_.learn_from_trace(r.record);
    add(kLog, std::move(r));
}

void Matcher::add_capture(KeyedRecord&& r) {
    ++summary_.capture_records;
    summary_.capture_records_cut += r.record.cut() ? 1 : 0;
    add(kCapture, std::move(r));
}

void Matcher::add_again(Unpaired&& u) {
    KeyedRecord r = std::move(u.record);
    const Side side = u.from_log ? kLog : kCapture;
    add(side, std::move(r), std::make_unique<Unpaired>(std::move(u)));
}

ClockPhase Matcher::phase(OffsetEstimate estimate) const {
    return ClockPhase{estimate, offsets_, first_log_, first_capture_, std::nullopt};
}

void Matcher::add(Side side, KeyedRecord&& r, std::unique_ptr<Unpaired> earlier) {
    Pending p;
    p.earlier = std::move(earlier);
    p.t = side == kLog ? r.record.time_ns - offset_ns_ : r.record.time_ns;
    p.key = r.key;
    p.record = std::move(r.record);
    if (p.t > now_) {
        now_ = p.t;
        release_older_than(now_ - settings_.window_ns);
    }
    bool identical = false;
    Pending* partner = find_partner(side, p, Lookup::Identity, identical);
    if (partner == nullptr && (sizes_indexed_ || p.record.cut())) {
        index_sizes();
        partner = find_partner(side, p, Lookup::SizeOfCut, identical);
    }
    if (partner != nullptr) {
        pair(side, p, *partner, identical);
        retire(side, std::move(p.record));
        return;
    }
    std::uint64_t seq = first_seq_[side] + queue_[side].size();
    index_[side].add(p.key, seq);
    if (sizes_indexed_) {
        by_size_[side].add(p.record.size_on_wire(), seq);
    }
    queue_[side].push_back(std::move(p));
}

void Matcher::index_sizes() {
    if (sizes_indexed_) {
        return;
    }
    sizes_indexed_ = true;
    for (Side side : {kLog, kCapture}) {
        for (std::size_t i = 0; i < queue_[side].size(); ++i) {
            const Pending& q = queue_[side][i];
            if (!q.done) {
                by_size_[side].add(q.record.size_on_wire(), first_seq_[side] + i);
            }
        }
    }
}

bool Matcher::compatible(const Record& log, const Record& capture) const {
    if (log.src.known() && log.dst.known() && capture.src.known() && capture.dst.known()) {
        if (settings_.addresses != nullptr) {
            return settings_.addresses->to_capture(log.src) == capture.src &&
                   settings_.addresses->to_capture(log.dst) == capture.dst;
        }
        return log.src == capture.src && log.dst == capture.dst;
    }
    Direction d = scope_.direction_of(capture);
    return log.direction == Direction::Unknown || d == Direction::Unknown || d == log.direction;
}

Matcher::Pending* Matcher::find_partner(Side side, const Pending& p, Lookup lookup,
                                        bool& identical) {
    Side other = side == kLog ? kCapture : kLog;
    const bool by_size = lookup == Lookup::SizeOfCut;
    const WaitingIndex& index = by_size ? by_size_[other] : index_[other];
    Pending* best = nullptr;
    bool best_identical = false;
    std::int64_t best_distance = 0;
    std::uint64_t best_seq = 0;
    index.for_each(by_size ? p.record.size_on_wire() : p.key, [&](std::uint64_t seq) {
        Pending& q = queue_[other][seq - first_seq_[other]];
        const Record& log = side == kLog ? p.record : q.record;
        const Record& cap = side == kLog ? q.record : p.record;
        std::int64_t d = distance(p.t, q.t);
        if (q.done || d > settings_.window_ns || (by_size && !log.cut() && !cap.cut()) ||
            !compatible(log, cap)) {
            return;
        }
        const bool same = same_bytes(log, cap);
        if (by_size && !same) {
            return;
        }
        // Same bytes first, then the nearest in time, then the one that came first.
        if (best == nullptr || (same && !best_identical) ||
            (same == best_identical &&
             (d < best_distance || (d == best_distance && seq < best_seq)))) {
            best = &q;
            best_identical = same;
            best_distance = d;
            best_seq = seq;
        }
    });
    identical = best_identical;
    return best;
}

void Matcher::pair(Side side, Pending& mine, Pending& theirs, bool identical) {
    Side other = side == kLog ? kCapture : kLog;
    theirs.done = true;
    unindex(index_[other], queue_[other], first_seq_[other], theirs.key);
    if (sizes_indexed_) {
        unindex(by_size_[other], queue_[other], first_seq_[other], theirs.record.size_on_wire());
    }
    const Record& log = side == kLog ? mine.record : theirs.record;
    const Record& cap = side == kLog ? theirs.record : mine.record;
    scope_.learn_from_pair(log.direction, cap);
    const bool cut = log.cut() || cap.cut();
    if (identical) {
        if (offsets_.count() == 0 || cap.time_ns < offsets_.first_ns()) {
            first_log_ = log.origin;
            first_capture_ = cap.origin;
        }
        const std::int64_t seen = log.time_ns - cap.time_ns;
        offsets_.add(seen, cap.time_ns);
        follow(seen, cap.time_ns);
    }
    if (identical && !cut) {
        ++summary_.matched;
    } else {
        ++(identical ? summary_.cut_short : summary_.differing);
        Difference d;
        d.kind = identical ? Kind::CutShort : Kind::Differing;
        d.clock_offset_ns = offset_ns_;
        d.log = seen_from(log, log.direction);
        d.capture = seen_from(cap, log.direction);
        if (!identical && log.folded && !cut) {
            // Only what chan_sip's folding leaves can be compared: the capture copy folded too.
            d.diff = diff_messages(log.bytes, sip::fold_like_chan_sip(cap.bytes));
            d.diff.notes.insert(d.diff.notes.begin(),
                                "the log holds the message as chan_sip folds a received one; "
                                "the capture copy is compared folded the same way");
        } else if (!identical) {
            d.diff = cut ? diff_cut_messages(log.bytes, log.size_on_wire(), cap.bytes,
                                             cap.size_on_wire())
                         : diff_messages(log.bytes, cap.bytes);
        }
        differing_.push_back(std::move(d));
    }
    recent_.add(mine.key, std::max(mine.t, theirs.t), log.origin, cap.origin,
                side == kCapture ? mine.t : theirs.t, cap.bytes.size());
}

void Matcher::follow(std::int64_t seen, std::int64_t at) {
    const std::int64_t since =
        last_followed_ns_ == INT64_MIN ? 0 : std::max<std::int64_t>(0, at - last_followed_ns_);
    last_followed_ns_ = std::max(last_followed_ns_, at);
    const std::int64_t cap = kFollowStepNs + since / (1'000'000 / kFollowPpm);
    offset_ns_ += std::clamp((seen - offset_ns_) / kOffsetFollow, -cap, cap);
}

// Drops the finished records of `key` from `index`.
void Matcher::unindex(WaitingIndex& index, std::deque<Pending>& queue, std::uint64_t first_seq,
                      std::uint64_t key) {
    index.remove_if(key, [&](std::uint64_t s) { return queue[s - first_seq].done; });
}

void Matcher::release_older_than(std::int64_t limit) {
    for (Side side : {kLog, kCapture}) {
        auto& q = queue_[side];
        while (!q.empty() && (q.front().done || q.front().t < limit)) {
            if (q.front().done) {
                retire(side, std::move(q.front().record));
            } else {
                release(side, q.front());
            }
            q.pop_front();
            ++first_seq_[side];
        }
    }
    recent_.forget_before(limit - settings_.window_ns);
}

void Matcher::release(Side side, Pending& p) {
    p.done = true;
    unindex(index_[side], queue_[side], first_seq_[side], p.key);
    if (sizes_indexed_) {
        unindex(by_size_[side], queue_[side], first_seq_[side], p.record.size_on_wire());
    }
    if (side == kCapture && !scope_.covers(p.record)) {
        ++summary_.out_of_scope;
        retire(side, std::move(p.record));
        return;
    }
    const RecentPairs::Pair* recent = recent_.find(p.key);
    if (side == kCapture && recent != nullptr && recent->capture_size == p.record.bytes.size() &&
        distance(recent->capture_t, p.t) < kSniffedTwiceNs) {
        ++summary_.sniffed_twice;  // the paired message, seen again by the sniffer
        retire(side, std::move(p.record));
        return;
    }
    // Alone again: what the earlier Matcher made of it stands, unless this one knows better.
    Unpaired u = p.earlier != nullptr ? std::move(*p.earlier) : Unpaired{};
    Difference& d = u.difference;
    if (p.earlier == nullptr) {
        u.capture_clock_ns = p.t;
        d.clock_offset_ns = offset_ns_;
        if (side == kLog) {
            d.kind = Kind::OnlyInLog;
            d.log = seen_from(p.record, p.record.direction);
        } else {
            d.kind = Kind::OnlyInCapture;
            d.capture = seen_from(p.record, scope_.direction_of(p.record));
        }
    }
    if (recent != nullptr && distance(recent->t, p.t) <= settings_.window_ns) {
        d.copy_of = recent_.origin(*recent, side);
    }
    u.from_log = side == kLog;
    u.record = KeyedRecord{std::move(p.record), p.key};
    unpaired_.push_back(std::move(u));
}

void Matcher::finish() {
    release_older_than(INT64_MAX);
}

}  // namespace sipdiff::match
