#include "match/clock_steps.h"

#include <algorithm>
#include <cstdint>

namespace sipdiff::match {
namespace {

OffsetEstimate estimate_step(const std::vector<Unpaired>& left) {
    std::vector<const KeyedRecord*> log, capture;
    for (const Unpaired& u : left) {
        (u.from_log ? log : capture).push_back(&u.record);
    }
    if (log.empty() || capture.empty()) {
        return {};
    }
    return estimate_offset(head_pairs(log, capture));
}

// How far `t` (capture clock) is from the span of the phase's pairs; 0 inside it.
std::int64_t distance_to(const ClockPhase& phase, std::int64_t t) {
    if (t < phase.offsets.first_ns()) {
        return phase.offsets.first_ns() - t;
    }
    return t > phase.offsets.last_ns() ? t - phase.offsets.last_ns() : 0;
}

// Puts each leftover at the offset of the phase it is nearest to: a message only in the log,
// stamped after the step, happened at its stamp minus the new offset.
// `phases` is not empty.
void place(std::vector<Unpaired>& left, const std::vector<const ClockPhase*>& phases) {
    for (Unpaired& u : left) {
        const std::int64_t stamp = u.record.record.time_ns;
        const ClockPhase* nearest = phases.front();
        std::int64_t best = INT64_MAX;
        for (const ClockPhase* phase : phases) {
            // A trace stamp is compared in the capture's clock at that phase's own offset.
            const std::int64_t t = u.from_log ? stamp - phase->estimate.offset_ns : stamp;
            const std::int64_t d = distance_to(*phase, t);
            if (d < best) {
                nearest = phase;
                best = d;
            }
        }
        const std::int64_t offset = nearest->estimate.offset_ns;
        u.difference.clock_offset_ns = offset;
        u.capture_clock_ns = u.from_log ? stamp - offset : stamp;
    }
}

}  // namespace

void add_pair_counts(Summary& to, const Summary& from) {
    to.matched += from.matched;
    to.differing += from.differing;
    to.cut_short += from.cut_short;
    to.out_of_scope += from.out_of_scope;
    to.sniffed_twice += from.sniffed_twice;
}

StepPairs pair_across_clock_steps(std::vector<Unpaired>& left, const MatchSettings& settings,
                                  const ClockPhase& first, Scope& scope) {
    StepPairs out;
    for (std::size_t round = 0; round < kMaxClockSteps; ++round) {
        const OffsetEstimate step = estimate_step(left);
        if (step.samples < kMinStepPairs) {
            break;
        }
        // In the order of the capture's clock at the new offset, as the Matcher wants them.
        auto t = [&step](const Unpaired& u) {
            return u.from_log ? u.record.record.time_ns - step.offset_ns : u.record.record.time_ns;
        };
        std::stable_sort(left.begin(), left.end(),
                         [&t](const Unpaired& a, const Unpaired& b) { return t(a) < t(b); });
        MatchSettings at_step = settings;
        at_step.offset_ns = step.offset_ns;
        Matcher again(at_step, scope);
        for (Unpaired& u : left) {
            again.add_again(std::move(u));
        }
        again.finish();
        left = std::move(again.unpaired());
        const Summary& s = again.summary();
        if (s.matched + s.differing + s.cut_short == 0) {
            break;  // the estimate's pairs were not compatible (direction, endpoints)
        }
        add_pair_counts(out.counts, s);
        out.phases.push_back(again.phase(step));
        for (Difference& d : again.differing()) {
            out.differences.push_back(std::move(d));
        }
    }
    if (!out.phases.empty()) {
        std::vector<const ClockPhase*> phases;
        if (first.offsets.count() > 0) {
            phases.push_back(&first);
        }
        for (const ClockPhase& p : out.phases) {
            phases.push_back(&p);
        }
        place(left, phases);
    }
    return out;
}

}  // namespace sipdiff::match
