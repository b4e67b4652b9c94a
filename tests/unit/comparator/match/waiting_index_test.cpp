#include "match/waiting_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>

namespace sipdiff::match {
namespace {

std::multiset<std::uint64_t> entries(const WaitingIndex& index, std::uint64_t key) {
    std::multiset<std::uint64_t> seqs;
    index.for_each(key, [&](std::uint64_t seq) { seqs.insert(seq); });
    return seqs;
}

TEST(WaitingIndex, KeepsEveryEntryOfAKey) {
    WaitingIndex index;
    EXPECT_TRUE(entries(index, 5).empty());
    index.add(5, 10);
    index.add(6, 11);
    index.add(5, 12);
    EXPECT_EQ(entries(index, 5), (std::multiset<std::uint64_t>{10, 12}));
    EXPECT_EQ(entries(index, 6), (std::multiset<std::uint64_t>{11}));
    EXPECT_TRUE(entries(index, 7).empty());
    EXPECT_EQ(index.size(), 3u);
}

TEST(WaitingIndex, RemovesOnlyTheEntriesOfItsKeyThatAreGone) {
    WaitingIndex index;
    index.add(5, 10);
    index.add(5, 12);
    index.add(6, 12);
    index.remove_if(5, [](std::uint64_t seq) { return seq == 12; });
    EXPECT_EQ(entries(index, 5), (std::multiset<std::uint64_t>{10}));
    EXPECT_EQ(entries(index, 6), (std::multiset<std::uint64_t>{12}));
    EXPECT_EQ(index.size(), 2u);
    index.add(5, 13);  // may take the removed entry's slot
    EXPECT_EQ(entries(index, 5), (std::multiset<std::uint64_t>{10, 13}));
}

// Keys that crowd a few home slots (sizes on the wire), entries that come and go for a long
// time (removed slots are reused and the table is rebuilt): it always holds what a std::multimap
// holds.
TEST(WaitingIndex, AgreesWithAMultimapOverManyAddsAndRemovals) {
    std::mt19937_64 random(42);
    WaitingIndex index;
    std::multimap<std::uint64_t, std::uint64_t> model;
    std::uint64_t seq = 0;
    for (int step = 0; step < 200'000; ++step) {
        const std::uint64_t key = step % 3 == 0 ? random() : random() % 300;
        if (random() % 2 == 0 || model.size() < 100) {
            index.add(key, seq);
            model.emplace(key, seq);
            ++seq;
            continue;
        }
        auto victim = model.lower_bound(key);
        if (victim == model.end()) {
            victim = model.begin();
        }
        const std::uint64_t gone_key = victim->first, gone_seq = victim->second;
        index.remove_if(gone_key, [&](std::uint64_t s) { return s == gone_seq; });
        model.erase(victim);
        if (step % 1000 == 0) {
            for (std::uint64_t k = 0; k < 300; ++k) {
                std::multiset<std::uint64_t> expected;
                for (auto [it, end] = model.equal_range(k); it != end; ++it) {
                    expected.insert(it->second);
                }
                ASSERT_EQ(entries(index, k), expected) << "key " << k << " at step " << step;
            }
        }
    }
    EXPECT_EQ(index.size(), model.size());
    for (const auto& [key, s] : model) {
        EXPECT_EQ(entries(index, key).count(s), 1u);
    }
}

}  // namespace
}  // namespace sipdiff::match
