// Opens a server trace: checks the file, detects or takes its format, and returns the reader.
// A capture given as a trace is handed to the capture layer through `open_capture`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "logs/format.h"
#include "logs/local_time.h"
#include "logs/trace_gaps.h"
#include "source.h"

namespace sipdiff::logs {

struct LogOptions {
    std::optional<LogFormat> format;  // forced with --log-format; detected when empty
    std::string timezone;             // zone of local-time formats; "" = the machine's
    std::string date;                 // "YYYY-MM-DD": the first record's date in formats that
                                      // give only a time of day (--log-date)
    // For those formats, when `date` is empty: the capture's first packet time, if known.
    std::function<std::optional<std::int64_t>()> capture_start;
};

using CaptureOpener =
    std::function<OrError<std::unique_ptr<RecordSource>>(const std::string& path, ProblemSink&)>;

struct OpenedLog {
    LogFormat format = LogFormat::SipdumpText;
    bool detected = false;
    std::unique_ptr<LocalZone> zone;        // set when the format's times are local (sipp)
    std::string dates;                      // how records without a date were dated, if any
    std::unique_ptr<TraceGaps> gaps;        // filled while reading
    std::unique_ptr<RecordSource> records;  // declared last: it refers to zone and gaps
};

OrError<OpenedLog> open_log(const std::string& path, const LogOptions& options,
                            const CaptureOpener& open_capture, ProblemSink& problems);

}  // namespace sipdiff::logs
