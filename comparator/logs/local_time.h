// Local wall-clock times without a zone (sipp logs) -> UTC, in a zone the user names or the
// machine's own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "source.h"

namespace sipdiff::logs {

class LocalZone {
  public:
    // "" = the machine's zone; "UTC"/"Z"; a fixed offset "+02:00", "-0530"; or a tz database
    // name such as "Europe/Paris" (checked against /usr/share/zoneinfo).
    static OrError<LocalZone> parse(const std::string& spec);

    // "2026-11-24 01:16:40.503411" in this zone -> UTC nanoseconds since the epoch.
    std::optional<std::int64_t> to_utc_ns(std::string_view local) const;

    // For the report: "Etc/UTC (the machine's time zone)", "+02:00 (--log-timezone)".
    const std::string& description() const { return description_; }

  private:
    std::optional<std::int64_t> fixed_offset_s_;  // set for UTC and fixed offsets
    std::string description_;
    // Seconds since the epoch of the start of each local hour seen, to call mktime() rarely.
    mutable std::map<std::tuple<int, int, int, int>, std::int64_t> hour_cache_;
};

}  // namespace sipdiff::logs
