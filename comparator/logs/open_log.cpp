#include "logs/open_log.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "logs/asterisk_pjsip.h"
#include "logs/linphone_log.h"
#include "logs/pcap_trace.h"
#include "logs/sipdump_text.h"
#include "logs/sipp_msg.h"
#include "logs/sofia_trace.h"
#include "logs/text_cursor.h"

namespace sipdiff::logs {
namespace {

constexpr std::size_t kDetectBytes = 1 << 16;

std::string printable_prefix(std::string_view head) {
    std::string out;
    for (char c : head.substr(0, 40)) {
        out += (c >= 0x20 && c < 0x7f) ? c : '.';
    }
    return out;
}

}  // namespace

OrError<OpenedLog> open_log(const std::string& path, const LogOptions& options,
                            const CaptureOpener& open_capture, ProblemSink& problems) {
    // Standard input ("-"), a pipe (`<(zcat trace.gz)`) or a device is read once, as it comes.
    bool stream = path == "-";
    if (!stream) {
        struct stat st {};
        if (stat(path.c_str(), &st) != 0) {
            return OpenError{path + ": " + std::strerror(errno)};
        }
        if (S_ISDIR(st.st_mode)) {
            return OpenError{path + ": is a directory"};
        }
        stream = !S_ISREG(st.st_mode);
    }
    auto reader = open_file_reader(path);
    if (auto* err = std::get_if<OpenError>(&reader)) {
        return *err;
    }
    auto cursor =
        std::make_unique<TextCursor>(std::move(std::get<std::unique_ptr<ByteReader>>(reader)));
    std::string_view head = cursor->peek(kDetectBytes);
    if (head.empty()) {
        std::string err = cursor->input_error();
        return OpenError{path + (err.empty() ? ": the file is empty" : ": " + err)};
    }
    OpenedLog log;
    log.detected = !options.format;
    if (options.format) {
        log.format = *options.format;
    } else if (std::optional<LogFormat> f = detect_format(head)) {
        log.format = *f;
    } else {
        return OpenError{path + ": unknown trace format (starts with \"" + printable_prefix(head) +
                         "\"); known formats: " + format_names() + " (--log-format)"};
    }
    switch (log.format) {
        case LogFormat::Capture: {
            if (stream) {
                return OpenError{path +
                                 ": a pcap trace cannot be read from a pipe or standard "
                                 "input (recognising it took its first bytes): give its "
                                 "file name"};
            }
            auto capture = open_capture(path, problems);
            if (auto* err = std::get_if<OpenError>(&capture)) {
                return *err;
            }
            log.records =
                pcap_trace_records(std::move(std::get<std::unique_ptr<RecordSource>>(capture)));
            break;
        }
        case LogFormat::SipdumpText:
            log.records = sipdump_text_reader(std::move(cursor), path, problems);
            break;
        case LogFormat::SippMsg:
        case LogFormat::SofiaTrace:
        case LogFormat::AsteriskPjsip:
        case LogFormat::LinphoneLog: {
            auto zone = LocalZone::parse(options.timezone);
            if (auto* err = std::get_if<OpenError>(&zone)) {
                return *err;
            }
            log.zone = std::make_unique<LocalZone>(std::get<LocalZone>(std::move(zone)));
            if (log.format == LogFormat::LinphoneLog) {
                log.records = linphone_log_reader(std::move(cursor), path, *log.zone, problems);
                break;
            }
            if (log.format == LogFormat::SippMsg) {
                log.gaps = std::make_unique<TraceGaps>();
                log.records =
                    sipp_msg_reader(std::move(cursor), path, *log.zone, *log.gaps, problems);
                break;
            }
            SofiaDating dating{options.date, std::nullopt};
            if (options.date.empty() && options.capture_start) {
                dating.near_ns = options.capture_start();
            }
            const std::string by = !options.date.empty() ? options.date + " (--log-date)"
                                   : dating.near_ns
                                       ? "the capture's first packet (--log-date sets it)"
                                       : "today (--log-date sets it)";
            if (log.format == LogFormat::AsteriskPjsip) {
                const std::int64_t near =
                    !options.date.empty()
                        ? log.zone->to_utc_ns(options.date + " 12:00:00").value_or(0)
                        : dating.near_ns.value_or(static_cast<std::int64_t>(std::time(nullptr)) *
                                                  1'000'000'000);
                if (asterisk_stamps_lack_year(head)) {
                    log.dates =
                        "date stamps without a year (the default dateformat) take the year "
                        "nearest " +
                        by;
                }
                log.records =
                    asterisk_pjsip_reader(std::move(cursor), path, *log.zone, near, problems);
                break;
            }
            log.dates =
                "its records give times of day only: dated by the log's dated lines, "
                "else as " +
                by;
            log.records =
                sofia_trace_reader(std::move(cursor), path, *log.zone, std::move(dating), problems);
            break;
        }
    }
    return log;
}

}  // namespace sipdiff::logs
