// Reader for the log of a linphone client (liblinphone and belle-sip, `linphonec -d 6 -l FILE`,
// linphone's "Debug logs"): lines "2026-11-24 01:17:28:118 <domain>-<level>-<text>" in local
// time, milliseconds after a colon. belle-sip's channel logs each message it sends or receives:
//   "... belle-sip-message-channel [0x55a..]: message sent to [UDP://127.0.0.1:5060], size: [535]
//    bytes", then the 535 bytes as sent (CRLF kept), then an LF;
//   "... belle-sip-message-channel [0x55a..]: received [466] new bytes from
//    [UDP://127.0.0.1:5060]:", then the 466 bytes as read, then an LF.
// Over UDP a read is one datagram; over TCP or TLS it is a piece of the stream, which is framed
// here by Content-Length. Only the peer's address is given.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "logs/local_time.h"
#include "logs/text_cursor.h"
#include "source.h"

namespace sipdiff::logs {

struct LinphoneRecordHeader {
    std::string_view stamp;  // "2026-11-24 01:17:28:118"
    Direction direction = Direction::Unknown;
    Transport transport = Transport::Unknown;
    Endpoint remote;
    std::size_t size = 0;
};

// Parses a log line that starts a message record; nullopt for any other line.
std::optional<LinphoneRecordHeader> parse_linphone_record_header(std::string_view line);

// Whether `head` (the start of a file) is a liblinphone / belle-sip log.
bool looks_like_linphone_log(std::string_view head);

// `zone` converts the local times and must outlive the reader.
std::unique_ptr<RecordSource> linphone_log_reader(std::unique_ptr<TextCursor> cursor,
                                                  std::string file_name, const LocalZone& zone,
                                                  ProblemSink& problems);

}  // namespace sipdiff::logs
