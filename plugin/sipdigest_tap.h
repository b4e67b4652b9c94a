// What the sipdigest dissector hands to its tap "sipdigest" (statistics, other listeners).
// Queued once per checked credentials header and once per server disagreement; the strings
// live in packet scope.
#pragma once

#include "digest/verdict.h"

namespace sipdigest_tap {

inline constexpr const char* kTapName = "sipdigest";

struct Event {
    bool disagreement = false;  // false: a credentials header was checked (an attempt)
                                // true: a final response contradicted that header's verdict
    const char* realm = "";
    const char* username = "";
    digest::Verdict verdict = digest::Verdict::Unverifiable;
    bool weak = false;  // the weak-password audit reproduced the response
};

}  // namespace sipdigest_tap
