// SIP framing: is this SIP (by content), and where does one message end in a byte stream.
// Works on bytes only; parsing headers for their meaning is the parser's job.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sipdiff::sip {

struct FramingLimits {
    std::size_t max_start_line = 8 * 1024;          // longest start line accepted
    std::size_t max_header_bytes = 64 * 1024;       // start line + headers + blank line
    std::size_t max_body_bytes = 16 * 1024 * 1024;  // largest Content-Length accepted
};

enum class StartLine {
    Sip,       // a request line "METHOD uri SIP/2.0" or a status line "SIP/2.0 NNN ..."
    NotSip,    // the bytes cannot begin a SIP message
    NeedMore,  // a prefix that could still become a SIP start line
};

// Classifies the line at the start of `data`. `data` may be a partial stream; a line is complete
// at its LF (CRLF or bare LF). Nothing is skipped: leading CR/LF bytes make it NotSip.
StartLine classify_start_line(std::string_view data, const FramingLimits& limits = {});

// A UDP datagram is one SIP message when its first line is a SIP start line. Keep-alives
// (CRLF-only datagrams) and anything else are not SIP.
bool is_sip_datagram(std::string_view datagram, const FramingLimits& limits = {});

// Whether `data` starts with the HTTP request that opens a WebSocket connection (a GET asking to
// upgrade to "websocket"), the way SIP over WebSocket (RFC 7118) begins.
bool is_websocket_upgrade(std::string_view data);

struct Framed {
    enum class Kind {
        Message,   // bytes [skipped, skipped + length) are one whole SIP message
        NeedMore,  // the message (or keep-alive run) is not complete yet
        NotSip,    // after `skipped` keep-alive bytes comes something that is not a SIP start line
        Invalid,   // a SIP start line, but the message cannot be delimited: see `reason`
    };
    Kind kind = Kind::NeedMore;
    std::size_t skipped = 0;  // CR/LF keep-alive bytes before the message (safe to drop)
    std::size_t length = 0;   // for Message
    bool content_length_missing = false;  // for Message: no Content-Length, body taken as empty
    std::string reason;                   // for Invalid
};

// Finds the first message in a stream (TCP): skips CR/LF keep-alives, checks the start line,
// finds the end of the headers and adds the Content-Length (long or compact form "l").
Framed frame_stream_message(std::string_view stream, const FramingLimits& limits = {});

// The value of the Content-Length header (or its compact form "l") in `headers` (start line and
// header lines up to, not including, the blank line). Folded (continuation) lines are followed.
// Returns -1 when absent, -2 when present but not a number (or several that disagree).
long long find_content_length(std::string_view headers);

// Offset of the first position at or after `from` that begins a line (offset 0 counts when
// `from` is 0) and whose line is, or may become, a SIP start line; npos when none.
std::size_t find_start_line(std::string_view data, std::size_t from = 0,
                            const FramingLimits& limits = {});

}  // namespace sipdiff::sip
