// The server trace formats sipdiff reads, their names on the command line, and detection from
// the first bytes of a file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sipdiff::logs {

enum class LogFormat {
    SipdumpText,    // kamailio sipdump .data
    SippMsg,        // sipp -trace_msg
    SofiaTrace,     // sofia-sip's message trace: FreeSWITCH's siptrace (console, freeswitch.log)
    AsteriskPjsip,  // Asterisk's `full` log file: "pjsip set logger on", "sip set debug on"
    LinphoneLog,    // a linphone client's log (liblinphone, belle-sip)
    Capture,        // pcap or pcapng (e.g. kamailio sipdump's .pcap), read by the capture layer
};

// "sipdump", "sipp", "freeswitch", "asterisk", "linphone", "pcap".
std::string_view format_name(LogFormat f);
std::optional<LogFormat> parse_format_name(std::string_view name);
// The names accepted by parse_format_name(), for help and error messages.
std::string format_names();

// Looks at the first bytes of a file (after gzip decompression). nullopt: no known format.
std::optional<LogFormat> detect_format(std::string_view head);

// True for the magic numbers of pcap (either byte order, µs or ns) and pcapng.
bool is_capture_magic(std::string_view head);

}  // namespace sipdiff::logs
