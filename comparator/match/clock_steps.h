// A server whose clock stepped during the run (an NTP correction, a virtual machine resumed)
// stamps the messages after the step with another offset to the capture's clock. Steps within
// the match window change nothing; across a larger one the copies no longer meet, and each
// would be reported as only in the log and only in the capture. This pairs them again: it
// estimates the offset at which most of the leftovers are the same message, pairs them at it,
// and repeats with what is still left, once per step.
#pragma once

#include <vector>

#include "match/clock.h"
#include "match/matcher.h"
#include "match/outcome.h"
#include "match/scope.h"

namespace sipdiff::match {

// Fewer leftovers than this agreeing on one offset are not taken for a step: a lone message can
// be a coincidence, two sent at the same offset are not.
constexpr std::size_t kMinStepPairs = 2;
constexpr std::size_t kMaxClockSteps = 16;

struct StepPairs {
    std::vector<ClockPhase> phases;       // one per step found, in the order found
    Summary counts;                       // only the pair counts of those rounds
    std::vector<Difference> differences;  // differing and cut-short pairs they made
};

// Adds the counts of what a Matcher paired or dropped (not those of its inputs) to `to`.
void add_pair_counts(Summary& to, const Summary& from);

// Pairs the records in `left` (what a Matcher with `settings` left unpaired, pairing `first`)
// at other offsets, and leaves in `left` what still has no partner, each then placed in time by
// the offset of the phase nearest to it.
StepPairs pair_across_clock_steps(std::vector<Unpaired>& left, const MatchSettings& settings,
                                  const ClockPhase& first, Scope& scope);

}  // namespace sipdiff::match
