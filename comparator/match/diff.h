// What differs between two copies of one SIP message: start line, headers (by name, in order of
// occurrence), body lines, Content-Length against the real body size, and truncation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sipdiff::match {

struct DiffLine {
    char op = ' ';     // '-' only in the trace copy, '+' only in the capture copy
    std::string text;  // a header line "Name: value", a body line, or the start line
};

struct MessageDiff {
    std::vector<std::string> changed_headers;  // as named in the trace copy, in message order
    std::vector<std::string> notes;  // "body: 2 lines changed", "capture copy truncated: ..."
    std::vector<DiffLine> lines;     // unified-style, trace copy '-' and capture copy '+'
};

// `trace` and `capture` are the bytes of the two copies.
MessageDiff diff_messages(std::string_view trace, std::string_view capture);

// The same when a snapshot length cut a copy short: `*_size` are the messages' sizes on the wire.
// Only the part both copies hold is compared, line by line.
MessageDiff diff_cut_messages(std::string_view trace, std::size_t trace_size,
                              std::string_view capture, std::size_t capture_size);

}  // namespace sipdiff::match
