// Words shared by the text and JSON reports, so both name things the same way.
#pragma once

#include <string>
#include <string_view>

#include "match/compare.h"
#include "match/outcome.h"
#include "report/run_info.h"

namespace sipdiff::report {

std::string_view kind_name(match::Kind k);                  // "differing", "only_in_log", ...
std::string_view kind_title(match::Kind k);                 // "DIFFERING", "ONLY IN LOG", ...
std::string_view direction_name(Direction d);               // "received", "sent", "unknown"
std::string_view transport_name(Transport t);               // "udp", "tcp", ...
std::string_view basis_name(match::Scope::Basis b);         // "option", "log_addresses", ...
std::string_view basis_explanation(match::Scope::Basis b);  // "from --server", ...
// "agree", "agree as far as captured", "differ" or "cannot be compared", as the exit status says.
std::string verdict(const match::Comparison& c, const RunInfo& run);
// "the capture starts 3.2 s after the log" / "... ends ..." sentences; empty when aligned.
std::string window_sentences(const match::Comparison& c);

}  // namespace sipdiff::report
