#include "logs/field_parsers.h"

#include <gtest/gtest.h>

namespace sipdiff::logs {
namespace {

TEST(ParseEpochNs, ReadsSecondsAndUpToNineFractionDigits) {
    EXPECT_EQ(parse_epoch_ns("1795493216.294025"), 1795493216294025000);
    EXPECT_EQ(parse_epoch_ns("1795493216"), 1795493216000000000);
    EXPECT_EQ(parse_epoch_ns("0.5"), 500000000);
    EXPECT_EQ(parse_epoch_ns("1.000000001"), 1000000001);
    EXPECT_EQ(parse_epoch_ns("0000000001.25"), 1250000000);  // leading zeros: still one second
    EXPECT_EQ(parse_epoch_ns("9000000000"), 9000000000000000000);
}

TEST(ParseEpochNs, RejectsWhatIsNotATime) {
    for (const char* bad : {"", ".", ".5", "1.", "1.1234567891", "12:00", "1,5", "-1.5", "1.5 ",
                            " 1.5", "1.2.3", "9000000001", "00000000000000000001.5"}) {
        EXPECT_EQ(parse_epoch_ns(bad), std::nullopt) << bad;
    }
}

TEST(ParsePort, ReadsZeroTo65535AndNothingElse) {
    EXPECT_EQ(parse_port("5060"), std::optional<std::uint16_t>(5060));
    EXPECT_EQ(parse_port("0"), std::optional<std::uint16_t>(0));
    EXPECT_EQ(parse_port("65535"), std::optional<std::uint16_t>(65535));
    EXPECT_FALSE(parse_port("65536"));
    EXPECT_FALSE(parse_port(""));
    EXPECT_FALSE(parse_port("50 60"));
    EXPECT_FALSE(parse_port("-1"));
}

TEST(ParseUint, ReadsADecimalNumberUpToItsLimit) {
    EXPECT_EQ(parse_uint("5060", 65535), 5060u);
    EXPECT_EQ(parse_uint("65535", 65535), 65535u);
    EXPECT_EQ(parse_uint("65536", 65535), std::nullopt);
    EXPECT_EQ(parse_uint("", 65535), std::nullopt);
    EXPECT_EQ(parse_uint("50a", 65535), std::nullopt);
    EXPECT_EQ(parse_uint("+5", 65535), std::nullopt);
}

}  // namespace
}  // namespace sipdiff::logs
