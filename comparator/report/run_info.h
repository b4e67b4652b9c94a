// What a report says about the run besides the comparison: inputs, format, clock zone, problems.
#pragma once

#include <string>

#include "report/problems.h"

namespace sipdiff::report {

struct RunInfo {
    std::string log_path, capture_path;
    std::string log_format;  // "sipdump", "sipp", "freeswitch", "pcap"
    bool format_detected = false;
    std::string timezone;  // the zone of a local-time log, else empty
    std::string dates;     // how a log without dates was dated, else empty
    const ProblemLog* problems = nullptr;
    bool strict_window = false;
};

}  // namespace sipdiff::report
