// Reader for kamailio's sipdump text trace (.data, TRACE_FORMATS.md §1). Damaged records are
// reported to the ProblemSink with their line and skipped; reading goes on with the next record.
#pragma once

#include <memory>
#include <string>

#include "logs/text_cursor.h"
#include "source.h"

namespace sipdiff::logs {

std::unique_ptr<RecordSource> sipdump_text_reader(std::unique_ptr<TextCursor> cursor,
                                                  std::string file_name, ProblemSink& problems);

}  // namespace sipdiff::logs
