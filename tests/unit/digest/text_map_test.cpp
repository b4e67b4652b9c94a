#include "digest/text_map.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>

#include "digest/arena_array.h"

using digest::ArenaArray;
using digest::KeptText;
using digest::TextMap;
using digest::TextStore;

TEST(TextMap, FindsWhatWasEnteredAndNothingElse) {
    TextStore store;
    TextMap<std::uint32_t> map(store);
    EXPECT_EQ(map.find("abc"), nullptr);
    map.entry("abc") = 7;
    map.entry(std::string("abd")) = 8;
    ASSERT_NE(map.find("abc"), nullptr);
    EXPECT_EQ(*map.find("abc"), 7u);
    EXPECT_EQ(*map.find("abd"), 8u);
    EXPECT_EQ(map.find("ab"), nullptr);
    EXPECT_EQ(map.find(""), nullptr);
    EXPECT_EQ(map.size(), 2u);
}

TEST(TextMap, NewEntriesStartValueInitialised) {
    struct Record {
        std::uint32_t first = 99;
        std::uint32_t count = 0;
    };
    TextStore store;
    TextMap<Record> map(store);
    Record& record = map.entry("call-1");
    EXPECT_EQ(record.first, 99u);
    EXPECT_EQ(record.count, 0u);
}

// The key is copied when new: the caller's buffer may change afterwards.
TEST(TextMap, KeepsItsOwnCopyOfNewKeys) {
    TextStore store;
    TextMap<int> map(store);
    std::string key = "nonce\ncall";
    map.entry(key) = 1;
    key = "something else";
    ASSERT_NE(map.find("nonce\ncall"), nullptr);
    EXPECT_EQ(map.find(key), nullptr);
}

TEST(TextMap, KeptKeysAreUsedAsTheyAre) {
    TextStore store;
    TextMap<int> map(store);
    const KeptText nonce = store.keep("84f1c1ae6cbe5ua9c6f8");
    map.entry(nonce) = 3;
    EXPECT_EQ(*map.find("84f1c1ae6cbe5ua9c6f8"), 3);
    EXPECT_EQ(&map.entry(nonce), map.find("84f1c1ae6cbe5ua9c6f8"));
}

TEST(TextMap, EmptyKeyIsAKeyLikeAnyOther) {
    TextStore store;
    TextMap<int> map(store);
    map.entry("") = 5;
    ASSERT_NE(map.find(""), nullptr);
    EXPECT_EQ(*map.find(""), 5);
}

// Random entries and erasures against std::map, through many growths and tombstones.
TEST(TextMap, AgreesWithStdMapUnderRandomUse) {
    TextStore store;
    TextMap<std::uint64_t> map(store);
    std::map<std::string, std::uint64_t> oracle;
    std::mt19937 random(20261124);
    for (int step = 0; step < 200000; ++step) {
        const std::string key = "k" + std::to_string(random() % 5000);
        switch (random() % 4) {
            case 0:
            case 1: {
                const std::uint64_t value = random();
                map.entry(key) = value;
                oracle[key] = value;
                break;
            }
            case 2:
                EXPECT_EQ(map.erase(key), oracle.erase(key) == 1) << key;
                break;
            default: {
                const std::uint64_t* found = map.find(key);
                const auto expected = oracle.find(key);
                ASSERT_EQ(found != nullptr, expected != oracle.end()) << key;
                if (found != nullptr) {
                    EXPECT_EQ(*found, expected->second) << key;
                }
            }
        }
        ASSERT_EQ(map.size(), oracle.size());
    }
    for (const auto& [key, value] : oracle) {
        ASSERT_NE(map.find(key), nullptr) << key;
        EXPECT_EQ(*map.find(key), value);
    }
}

// Entered and erased over and over (requests answered one after another): the table stays
// usable and small instead of filling with erased slots.
TEST(TextMap, ErasedSlotsAreReclaimed) {
    TextStore store;
    TextMap<int> map(store);
    for (int i = 0; i < 100000; ++i) {
        const std::string key = "transaction-" + std::to_string(i);
        map.entry(key) = i;
        ASSERT_TRUE(map.erase(key));
        ASSERT_EQ(map.find(key), nullptr);
    }
    EXPECT_EQ(map.size(), 0u);
}

TEST(ArenaArray, InsertsInPlaceAndGrows) {
    TextStore store;
    ArenaArray<std::uint32_t> values;
    EXPECT_TRUE(values.empty());
    for (std::uint32_t i = 0; i < 1000; i += 2) {
        values.push_back(i, store);
    }
    values.insert(0, 7, store);
    values.insert(1, 9, store);
    values.insert(values.size(), 11, store);
    ASSERT_EQ(values.size(), 503u);
    EXPECT_EQ(values[0], 7u);
    EXPECT_EQ(values[1], 9u);
    EXPECT_EQ(values[2], 0u);
    EXPECT_EQ(values[3], 2u);
    EXPECT_EQ(values[501], 998u);
    EXPECT_EQ(values[502], 11u);
}
