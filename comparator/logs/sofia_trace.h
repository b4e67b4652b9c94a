// Reader for sofia-sip's message trace: what FreeSWITCH writes to its console and freeswitch.log
// with "sofia global siptrace on", and any sofia-sip program with TPORT_LOG=1. A record is a line
// "recv 486 bytes from udp/[127.0.0.1]:5090 at 09:04:02.452662:", a line of 72 dashes and the
// message with its line ends turned into LF. sofia-sip 1.12 (FreeSWITCH up to 1.8) indents the
// message by three spaces and closes it with the dashes again; 1.13 (FreeSWITCH 1.10) does not.
// Only the remote address is given, and only a time of day: the date comes from the dated lines
// of freeswitch.log around the records, else from `first_date`.
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

struct SofiaRecordHeader {
    Direction direction = Direction::Unknown;
    Transport transport = Transport::Unknown;
    Endpoint remote;
    std::size_t size = 0;             // the message's bytes on the wire
    std::int64_t time_of_day_ns = 0;  // since local midnight
};

// Parses a record's first line (after any ANSI colour codes); nullopt when it is not one.
std::optional<SofiaRecordHeader> parse_sofia_record_header(std::string_view line);

// Whether `head` (the start of a file) holds a sofia-sip trace record.
bool looks_like_sofia_trace(std::string_view head);

// How the reader dates records that come before any dated line: `first_date` ("YYYY-MM-DD") is
// the date of the first record; or, when empty, the day that puts the first record nearest to
// `near_ns` (the capture's start).
struct SofiaDating {
    std::string first_date;
    std::optional<std::int64_t> near_ns;
};

// `zone` converts the local times and must outlive the reader.
std::unique_ptr<RecordSource> sofia_trace_reader(std::unique_ptr<TextCursor> cursor,
                                                 std::string file_name, const LocalZone& zone,
                                                 SofiaDating dating, ProblemSink& problems);

}  // namespace sipdiff::logs
