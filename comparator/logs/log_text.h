// Small pieces shared by the readers of text logs that servers write line by line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "record.h"

namespace sipdiff::logs {

// Removes `word` from the front of `s`; false (and `s` unchanged) when `s` does not start so.
bool consume(std::string_view& s, std::string_view word);

// Removes `tail` from the end of `s`; false (and `s` unchanged) when `s` does not end so, or is
// nothing but `tail`.
bool consume_suffix(std::string_view& s, std::string_view tail);

// The direction the word at the front of `s` names, taken from `s`: `received` or `sent`.
std::optional<Direction> take_direction(std::string_view& s, std::string_view received,
                                        std::string_view sent);

// A transport name and its colon ("UDP:", "tls:") from the front of `s`.
std::optional<Transport> take_transport(std::string_view& s);

// The text of `s` up to `stop` (which stays in `s`), or nullopt when `s` has no `stop`.
std::optional<std::string_view> take_until(std::string_view& s, char stop);

// A byte count up to the next blank, at most `max`, followed by `then` (both taken from `s`).
std::optional<std::size_t> take_count(std::string_view& s, std::size_t max, std::string_view then);

// Puts a line of a message back into `wire`, the message's first bytes as they were on the wire,
// for a logger that turned each CRLF into LF: the line and CRLF, or the line alone when it ends
// the `size` bytes (a body without a final line end), or only the part of it that fits (the
// rest is other log output the logger ran into the message). Returns how much of `line` was
// taken; nullopt when the line stops one byte short of `size` (a line end other than CRLF).
std::optional<std::size_t> append_logged_line(std::string& wire, std::size_t size,
                                              std::string_view line);

// Without the ANSI colour codes ("\x1b[0;37m") a console puts in front of a line.
std::string_view strip_colours(std::string_view line);

// "HH:MM:SS" with an optional fraction after '.' or ',': nanoseconds since midnight.
std::optional<std::int64_t> parse_time_of_day(std::string_view text);

// "YYYY-MM-DD" moved by `days`.
std::string add_days(std::string_view date, int days);
// The UTC date of `ns` (nanoseconds since the epoch), "YYYY-MM-DD".
std::string utc_date(std::int64_t ns);
// "YYYY-MM-DD HH:MM:SS.fffffffff", the form LocalZone::to_utc_ns() reads.
std::string local_text(std::string_view date, std::int64_t time_of_day_ns);

}  // namespace sipdiff::logs
