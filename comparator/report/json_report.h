// The --json report; its schema is documented in comparator/JSON_SCHEMA.md.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "match/compare.h"
#include "report/run_info.h"

namespace sipdiff::report {

nlohmann::json to_json(const match::Comparison& c, const RunInfo& run);
void write_json(std::ostream& out, const match::Comparison& c, const RunInfo& run);

}  // namespace sipdiff::report
