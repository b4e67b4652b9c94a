#include "logs/local_time.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace sipdiff::logs {
namespace {

constexpr std::int64_t kNoonUtc = 1795521600LL * 1'000'000'000;  // 2026-11-24 12:00:00 UTC

LocalZone zone(const std::string& spec) {
    return std::get<LocalZone>(LocalZone::parse(spec));
}

TEST(LocalTime, UtcAndFixedOffsets) {
    EXPECT_EQ(zone("UTC").to_utc_ns("2026-11-24 12:00:00"), kNoonUtc);
    EXPECT_EQ(zone("UTC").to_utc_ns("2026-11-24 12:00:00.000250"), kNoonUtc + 250'000);
    EXPECT_EQ(zone("+02:00").to_utc_ns("2026-11-24 14:00:00"), kNoonUtc);
    EXPECT_EQ(zone("-0530").to_utc_ns("2026-11-24 06:30:00"), kNoonUtc);
}

TEST(LocalTime, NamedZoneWithDaylightSavingTime) {
    EXPECT_EQ(zone("Europe/Paris").to_utc_ns("2026-11-24 13:00:00"), kNoonUtc);  // CET
    EXPECT_EQ(zone("Europe/Paris").to_utc_ns("2026-07-01 14:00:00"),
              1782907200LL * 1'000'000'000);  // CEST, 12:00 UTC
    unsetenv("TZ");
}

TEST(LocalTime, BadInput) {
    EXPECT_TRUE(std::holds_alternative<OpenError>(LocalZone::parse("Mars/Olympus")));
    EXPECT_TRUE(std::holds_alternative<OpenError>(LocalZone::parse("../../etc/passwd")));
    EXPECT_FALSE(zone("UTC").to_utc_ns("2026/11/24 12:00:00"));
    EXPECT_FALSE(zone("UTC").to_utc_ns("2026-13-24 12:00:00"));
    EXPECT_FALSE(zone("UTC").to_utc_ns("2026-11-24 12:00:00,5"));
    EXPECT_FALSE(zone("UTC").to_utc_ns("2026-11-24"));
}

TEST(LocalTime, YearsOutsideTheNanosecondRangeAreRejected) {
    // int64 nanoseconds since the epoch cover 1677-09-21 .. 2262-04-11 (fuzzer find: a damaged
    // SIPp record dated 1013 overflowed).
    EXPECT_FALSE(zone("UTC").to_utc_ns("1013-01-01 00:00:00"));
    EXPECT_FALSE(zone("+02:00").to_utc_ns("9999-12-31 23:59:59"));
    EXPECT_FALSE(zone("Europe/Paris").to_utc_ns("2262-05-01 00:00:00"));
    EXPECT_TRUE(zone("UTC").to_utc_ns("1678-01-01 00:00:00"));
    EXPECT_TRUE(zone("UTC").to_utc_ns("2261-12-31 23:59:59"));
}

TEST(LocalTime, MachineZoneIsNamed) {
    EXPECT_FALSE(zone("").description().empty());
    EXPECT_NE(zone("+01:00").description().find("--log-timezone"), std::string::npos);
}

}  // namespace
}  // namespace sipdiff::logs
