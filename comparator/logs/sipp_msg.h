// Reader for sipp's -trace_msg log (TRACE_FORMATS.md §4): no addresses, local time without a
// zone, debug lines between records. Records carry direction and transport but no endpoints.
#pragma once

#include <memory>
#include <string>

#include "logs/local_time.h"
#include "logs/text_cursor.h"
#include "logs/trace_gaps.h"
#include "source.h"

namespace sipdiff::logs {

// `zone` converts the record times; `gaps` counts the buffered writes sipp did not log. Both
// must outlive the reader.
std::unique_ptr<RecordSource> sipp_msg_reader(std::unique_ptr<TextCursor> cursor,
                                              std::string file_name, const LocalZone& zone,
                                              TraceGaps& gaps, ProblemSink& problems);

// Parses a record header line such as "UDP message sent (352 bytes):",
// "TCP control message received [438] bytes :" or "UDP message sent [352] bytes:".
struct SippRecordHeader {
    Transport transport = Transport::Unknown;
    Direction direction = Direction::Unknown;
    std::size_t size = 0;
};
std::optional<SippRecordHeader> parse_sipp_record_header(std::string_view line);

}  // namespace sipdiff::logs
