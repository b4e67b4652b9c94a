// What a trace says about its own gaps: messages the tracer admits it sent without logging them.
#pragma once

#include <cstdint>

#include "record.h"

namespace sipdiff::logs {

struct TraceGaps {
    std::uint64_t unlogged_sent = 0;  // e.g. sipp's "Appended buffered message to socket N"
    Origin first;                     // where the first such notice is
};

}  // namespace sipdiff::logs
