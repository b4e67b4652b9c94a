// SIP header names: the compact forms of RFC 3261 §7.3.3 (and later RFCs) and the canonical,
// lower-case long name used to compare headers whatever spelling a sender chose.
#pragma once

#include <string>
#include <string_view>

namespace sipdiff::sip {

// "v" -> "via", "Call-ID" -> "call-id", "i" -> "call-id"; unknown names are just lower-cased.
std::string canonical_header_name(std::string_view name);

// True when `written` (as found in a message, any case, compact or long) names the header whose
// canonical name is `canonical` (lower-case long form). Does not allocate.
bool header_name_is(std::string_view written, std::string_view canonical);

}  // namespace sipdiff::sip
