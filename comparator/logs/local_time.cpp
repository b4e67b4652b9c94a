#include "logs/local_time.h"

#include <unistd.h>

#include <sys/stat.h>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "logs/field_parsers.h"

namespace sipdiff::logs {
namespace {

std::string machine_zone_name() {
    if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0') {
        return std::string(tz[0] == ':' ? tz + 1 : tz) + " (the TZ variable)";
    }
    std::ifstream f("/etc/timezone");
    std::string name;
    if (f && std::getline(f, name) && !name.empty()) {
        return name + " (the machine's time zone)";
    }
    char buf[256];
    ssize_t n = readlink("/etc/localtime", buf, sizeof buf - 1);
    if (n > 0) {
        std::string link(buf, static_cast<std::size_t>(n));
        std::size_t at = link.find("zoneinfo/");
        return (at == std::string::npos ? link : link.substr(at + 9)) +
               " (the machine's time zone)";
    }
    return "the machine's local time";
}

// "+02:00", "-0530", "+2" -> seconds east of UTC.
std::optional<std::int64_t> parse_offset(std::string_view s) {
    if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) {
        return std::nullopt;
    }
    int sign = s[0] == '-' ? -1 : 1;
    std::string digits;
    for (char c : s.substr(1)) {
        if (c != ':') {
            digits += c;
        }
    }
    std::optional<std::uint64_t> h, m = 0;
    if (digits.size() <= 2) {
        h = parse_uint(digits, 14);
    } else if (digits.size() == 4) {
        h = parse_uint(digits.substr(0, 2), 14);
        m = parse_uint(digits.substr(2), 59);
    }
    if (!h || !m) {
        return std::nullopt;
    }
    return sign * static_cast<std::int64_t>(*h * 3600 + *m * 60);
}

}  // namespace

OrError<LocalZone> LocalZone::parse(const std::string& spec) {
    LocalZone z;
    if (spec.empty()) {
        z.description_ = machine_zone_name();
        return z;
    }
    if (spec == "UTC" || spec == "Z" || spec == "utc") {
        z.fixed_offset_s_ = 0;
        z.description_ = "UTC (--log-timezone)";
        return z;
    }
    if (std::optional<std::int64_t> off = parse_offset(spec)) {
        z.fixed_offset_s_ = *off;
        z.description_ = spec + " (--log-timezone)";
        return z;
    }
    struct stat st {};
    if (spec.find("..") != std::string::npos ||
        stat(("/usr/share/zoneinfo/" + spec).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return OpenError{"unknown time zone '" + spec +
                         "' (use a name like Europe/Paris, UTC, or an offset like +02:00)"};
    }
    // sipdiff is single-threaded and reads one local-time log: setting TZ for mktime() is enough.
    setenv("TZ", spec.c_str(), 1);
    tzset();
    z.description_ = spec + " (--log-timezone)";
    return z;
}

std::optional<std::int64_t> LocalZone::to_utc_ns(std::string_view local) const {
    // YYYY-MM-DD HH:MM:SS[.ffffff]
    if (local.size() < 19 || local[4] != '-' || local[7] != '-' || local[10] != ' ' ||
        local[13] != ':' || local[16] != ':') {
        return std::nullopt;
    }
    auto year = parse_uint(local.substr(0, 4), 9999);
    auto month = parse_uint(local.substr(5, 2), 12);
    auto day = parse_uint(local.substr(8, 2), 31);
    auto hour = parse_uint(local.substr(11, 2), 23);
    auto minute = parse_uint(local.substr(14, 2), 59);
    auto second = parse_uint(local.substr(17, 2), 60);
    // Nanoseconds since the epoch in 64 bits reach from 1677-09-21 to 2262-04-11: a year
    // outside 1678..2261 is a damaged line, not a time.
    if (!year || !month || !day || !hour || !minute || !second || *month == 0 || *day == 0 ||
        *year < 1678 || *year > 2261) {
        return std::nullopt;
    }
    std::int64_t frac_ns = 0;
    if (local.size() > 19) {
        if (local[19] != '.') {
            return std::nullopt;
        }
        std::optional<std::int64_t> f = parse_epoch_ns("0" + std::string(local.substr(19)));
        if (!f) {
            return std::nullopt;
        }
        frac_ns = *f;
    }
    std::tm tm{};
    tm.tm_year = static_cast<int>(*year) - 1900;
    tm.tm_mon = static_cast<int>(*month) - 1;
    tm.tm_mday = static_cast<int>(*day);
    tm.tm_hour = static_cast<int>(*hour);
    tm.tm_isdst = -1;
    std::int64_t hour_start = 0;
    if (fixed_offset_s_) {
        hour_start = static_cast<std::int64_t>(timegm(&tm)) - *fixed_offset_s_;
    } else {
        auto key = std::make_tuple(tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour);
        auto it = hour_cache_.find(key);
        if (it == hour_cache_.end()) {
            it = hour_cache_.emplace(key, static_cast<std::int64_t>(std::mktime(&tm))).first;
        }
        hour_start = it->second;
    }
    std::int64_t s = hour_start + static_cast<std::int64_t>(*minute * 60 + *second);
    return s * 1'000'000'000 + frac_ns;
}

}  // namespace sipdiff::logs
