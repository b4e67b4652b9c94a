// How times and durations are written in reports.
#pragma once

#include <cstdint>
#include <string>

namespace sipdiff::report {

// UTC nanoseconds since the epoch -> "2026-11-24 01:16:40.503627" (µs, UTC).
std::string utc_time(std::int64_t ns);
// Seconds -> "+0.000006 s" style with sign, µs resolution.
std::string signed_seconds(double s);
// Seconds -> "3.2 s", "340 ms", "12 µs": for "the capture starts 3.2 s after the log".
std::string duration(double s);

}  // namespace sipdiff::report
