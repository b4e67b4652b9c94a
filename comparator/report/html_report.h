// The --html report: one self-contained page (no scripts, no external files) with the verdict,
// the counts, the context of the run and every difference with both copies side by side and
// its diff. It shows the JSON report's content (json_report.h), so both say the same. Every text
// from the inputs is escaped: a message can hold anything.
#pragma once

#include <ostream>

#include "match/compare.h"
#include "report/run_info.h"

namespace sipdiff::report {

void write_html(std::ostream& out, const match::Comparison& c, const RunInfo& run);

}  // namespace sipdiff::report
