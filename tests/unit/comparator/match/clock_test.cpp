#include "match/clock.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace sipdiff::match {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kT0 = 1795483000LL * kSecond;

// A repeatable jitter of up to +-100 us, as a log's stamps show against a capture's.
std::int64_t jitter(int i) {
    return static_cast<std::int64_t>((i * 7919) % 201 - 100) * 1000;
}

TEST(OffsetStats, ASteadyDriftIsMeasured) {
    OffsetStats stats;
    for (int i = 0; i < 20000; ++i) {
        const std::int64_t t = kT0 + i * kSecond / 10;  // 2000 s
        stats.add(300 * (t - kT0) / 1'000'000 + jitter(i), t);
    }
    std::optional<Drift> d = stats.drift();
    ASSERT_TRUE(d);
    EXPECT_NEAR(d->ppm, 300, 1);
    EXPECT_NEAR(d->over_run_s, 0.6, 0.002);
    EXPECT_NEAR(static_cast<double>(d->first_offset_ns), 0, 100'000);
    EXPECT_NEAR(static_cast<double>(d->last_offset_ns), 600'000'000, 2'000'000);
}

TEST(OffsetStats, AClockGoingSlowDriftsBackwards) {
    OffsetStats stats;
    for (int i = 0; i < 300; ++i) {
        const std::int64_t t = kT0 + i * kSecond;
        stats.add(-50 * (t - kT0) / 1'000'000 + jitter(i), t);
    }
    std::optional<Drift> d = stats.drift();
    ASSERT_TRUE(d);
    EXPECT_NEAR(d->ppm, -50, 2);
}

TEST(OffsetStats, JitterAloneIsNoDrift) {
    OffsetStats stats;
    for (int i = 0; i < 5000; ++i) {
        stats.add(20'000 + jitter(i), kT0 + i * kSecond / 100);
    }
    EXPECT_FALSE(stats.drift());
}

// The corpus' TCP run: the server stopped for a while, then read its backlog, stamping those
// messages up to 2 s late; the others are on time. No clock drifts there.
TEST(OffsetStats, AServerThatLoggedLateForAWhileIsNoDrift) {
    OffsetStats stats;
    for (int i = 0; i < 6000; ++i) {
        const std::int64_t late = i < 2000 && i % 3 != 0 ? (2000 - i) * 1'000'000 : 0;
        stats.add(20'000 + late + jitter(i), kT0 + i * kSecond / 1000);
    }
    EXPECT_FALSE(stats.drift());
}

TEST(OffsetStats, ChangesFasterThanAnyClockDriftsAreNoDrift) {
    OffsetStats stats;
    for (int i = 0; i < 1000; ++i) {
        const std::int64_t t = kT0 + i * kSecond / 100;
        stats.add(5000 * (t - kT0) / 1'000'000, t);  // 5000 ppm
    }
    EXPECT_FALSE(stats.drift());
}

TEST(OffsetStats, TooFewPairsSayNothing) {
    OffsetStats stats;
    for (int i = 0; i < 5; ++i) {
        stats.add(i * 10'000'000, kT0 + i * kSecond);
    }
    EXPECT_FALSE(stats.drift());
}

}  // namespace
}  // namespace sipdiff::match
