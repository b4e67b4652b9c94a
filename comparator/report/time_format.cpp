#include "report/time_format.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace sipdiff::report {

std::string utc_time(std::int64_t ns) {
    std::int64_t sec = ns >= 0 ? ns / 1'000'000'000 : (ns - 999'999'999) / 1'000'000'000;
    std::int64_t us = (ns - sec * 1'000'000'000) / 1000;
    std::time_t t = static_cast<std::time_t>(sec);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us);
}

std::string signed_seconds(double s) {
    return fmt::format("{:+.6f} s", s);
}

std::string duration(double s) {
    double a = std::fabs(s);
    if (a >= 1.0) {
        return fmt::format("{:.{}f} s", a, a >= 100 ? 0 : 1);
    }
    if (a >= 1e-3) {
        return fmt::format("{:.0f} ms", a * 1e3);
    }
    return fmt::format("{:.0f} µs", a * 1e6);
}

}  // namespace sipdiff::report
