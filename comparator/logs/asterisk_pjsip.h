// Reader for Asterisk's PJSIP message log ("pjsip set logger on", res_pjsip_logger.c) as the
// `full` log file holds it: a line "[2026-11-24 01:16:59] VERBOSE[8463] res_pjsip_logger.c:
// <--- Received SIP request (569 bytes) from UDP:127.0.0.1:5061 --->", then the message exactly
// as on the wire (CRLF line ends kept; a copy from a terminal may have lost the CRs), then one
// more LF. Only the remote address is given. The date format is logger.conf's `dateformat`:
// the default "%b %e %T" ("Jan 29 16:45:14", no year) or ISO "%F %T" with optional fraction.
// The reader takes chan_sip's debug records from the same file too (asterisk_chan_sip.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "logs/local_time.h"
#include "logs/text_cursor.h"
#include "source.h"

namespace sipdiff::logs {

struct AsteriskRecordHeader {
    Direction direction = Direction::Unknown;
    Transport transport = Transport::Unknown;
    Endpoint remote;
    std::size_t size = 0;  // the message's bytes on the wire
};

// Parses "<--- Received SIP request (N bytes) from UDP:1.2.3.4:5060 --->" (or Transmitting ...
// to ...; IPv6 as [addr]:port, or unbracketed before Asterisk 13.24 / 16.1).
std::optional<AsteriskRecordHeader> parse_asterisk_record_header(std::string_view text);

// A `full` log line split into its date stamp ("2026-11-24 01:16:59.123" or "Jan 29 16:45:14")
// and what follows the "VERBOSE[tid][C-id] file: " prefix; nullopt when it has no such prefix.
struct AsteriskLogLine {
    std::string_view stamp;
    std::string_view text;
};
std::optional<AsteriskLogLine> split_asterisk_log_line(std::string_view line);

// Whether `head` (the start of a file) holds a PJSIP logger or chan_sip debug record.
bool looks_like_asterisk_log(std::string_view head);
// Whether the first stamped line of `head` has a stamp without a year (logger.conf's default
// dateformat "%b %e %T"), which has to be dated.
bool asterisk_stamps_lack_year(std::string_view head);

// `year_near_ns`: stamps without a year ("%b %e %T") take the year that puts them nearest this
// time (the capture's start); `zone` converts the local times and must outlive the reader.
std::unique_ptr<RecordSource> asterisk_pjsip_reader(std::unique_ptr<TextCursor> cursor,
                                                    std::string file_name, const LocalZone& zone,
                                                    std::int64_t year_near_ns,
                                                    ProblemSink& problems);

}  // namespace sipdiff::logs
