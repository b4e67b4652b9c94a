#include "match/recent_pairs.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <utility>

namespace sipdiff::match {
namespace {

Origin log_line(std::uint64_t line) {
    return Origin{"trace.data", line, 0};
}
Origin frame(std::uint64_t n) {
    return Origin{"cap.pcap", 0, n};
}

TEST(RecentPairs, FindsTheLatestPairOfAKey) {
    RecentPairs recent;
    EXPECT_EQ(recent.find(7), nullptr);
    recent.add(7, 100, log_line(1), frame(2), 0, 0);
    recent.add(8, 150, log_line(3), frame(4), 0, 0);
    recent.add(7, 200, log_line(5), frame(6), 0, 0);
    const RecentPairs::Pair* p = recent.find(7);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->t, 200);
    EXPECT_EQ(recent.origin(*p, 0).file, "trace.data");
    EXPECT_EQ(recent.origin(*p, 0).line, 5u);
    EXPECT_EQ(recent.origin(*p, 1).file, "cap.pcap");
    EXPECT_EQ(recent.origin(*p, 1).frame, 6u);
    EXPECT_EQ(recent.find(9), nullptr);
}

TEST(RecentPairs, ForgettingAReplacedPairKeepsItsSuccessor) {
    RecentPairs recent;
    recent.add(7, 100, log_line(1), frame(2), 0, 0);
    recent.add(7, 300, log_line(5), frame(6), 0, 0);
    recent.add(8, 150, log_line(3), frame(4), 0, 0);
    recent.forget_before(200);  // forgets the first pair only: the deque is in order made
    ASSERT_NE(recent.find(7), nullptr);
    EXPECT_EQ(recent.find(7)->t, 300);
    ASSERT_NE(recent.find(8), nullptr);
    recent.forget_before(400);
    EXPECT_EQ(recent.find(7), nullptr);
    EXPECT_EQ(recent.find(8), nullptr);
    EXPECT_EQ(recent.size(), 0u);
}

TEST(RecentPairs, KeepsEachPairsOwnFileNames) {
    RecentPairs recent;
    recent.add(1, 10, Origin{"a.data", 3, 0}, frame(4), 0, 0);
    recent.add(2, 20, Origin{"b.data", 5, 0}, Origin{"other.pcap", 0, 6}, 0, 0);
    EXPECT_EQ(recent.origin(*recent.find(1), 0).file, "a.data");
    EXPECT_EQ(recent.origin(*recent.find(1), 1).file, "cap.pcap");
    EXPECT_EQ(recent.origin(*recent.find(2), 0).file, "b.data");
    EXPECT_EQ(recent.origin(*recent.find(2), 1).file, "other.pcap");
}

// Against a plain map, through growth, collisions and deletions in the middle of probe runs.
TEST(RecentPairs, AgreesWithAMapOverManyKeys) {
    RecentPairs recent;
    std::map<std::uint64_t, std::pair<std::int64_t, std::uint64_t>> model;  // key -> t, frame
    std::mt19937_64 random(42);
    std::int64_t t = 0;
    for (std::uint64_t n = 1; n <= 20000; ++n) {
        std::uint64_t key = random() % 3000;  // repeated keys replace earlier pairs
        ++t;
        recent.add(key, t, log_line(n), frame(n), 0, 0);
        model[key] = {t, n};
        if (n % 1000 == 0) {
            std::int64_t limit = t - 700;
            recent.forget_before(limit);
            for (auto it = model.begin(); it != model.end();) {
                it = it->second.first < limit ? model.erase(it) : std::next(it);
            }
        }
        if (n % 997 == 0) {
            for (std::uint64_t k = 0; k < 3000; ++k) {
                auto it = model.find(k);
                const RecentPairs::Pair* p = recent.find(k);
                ASSERT_EQ(p != nullptr, it != model.end()) << "key " << k << " after " << n;
                if (p != nullptr) {
                    EXPECT_EQ(p->t, it->second.first);
                    EXPECT_EQ(recent.origin(*p, 1).frame, it->second.second);
                }
            }
        }
    }
}

}  // namespace
}  // namespace sipdiff::match
