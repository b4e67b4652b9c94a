// The default report: one summary line, a few lines of context (inputs, scope, clock offset,
// window), then each difference with both locations, both clocks, and a unified header diff.
#pragma once

#include <ostream>

#include "match/compare.h"
#include "report/run_info.h"

namespace sipdiff::report {

void write_text(std::ostream& out, const match::Comparison& c, const RunInfo& run);

}  // namespace sipdiff::report
