#include "digest/text_store.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

using digest::KeptText;
using digest::TextStore;

TEST(TextStore, KeepsACopyFollowedByNul) {
    TextStore store;
    std::string source = "nonce=\"abc\"";
    const KeptText kept = store.keep(source);
    source.assign(source.size(), 'x');
    EXPECT_EQ(kept, "nonce=\"abc\"");
    EXPECT_EQ(kept.size(), 11u);
    EXPECT_EQ(kept.c_str()[kept.size()], '\0');
    EXPECT_STREQ(kept.c_str(), "nonce=\"abc\"");
}

TEST(TextStore, EmptyTextIsAnEmptyCString) {
    TextStore store;
    const KeptText kept = store.keep("");
    const KeptText unset;
    EXPECT_TRUE(kept.empty());
    EXPECT_STREQ(kept.c_str(), "");
    EXPECT_STREQ(unset.c_str(), "");
    EXPECT_EQ(kept, unset);
}

TEST(TextStore, TextWithNulBytesKeepsItsLength) {
    TextStore store;
    const std::string with_nul("a\0b", 3);
    const KeptText kept = store.keep(with_nul);
    EXPECT_EQ(kept.size(), 3u);
    EXPECT_EQ(kept.view(), with_nul);
}

// Far more than the first block: earlier texts must not move when the store grows.
TEST(TextStore, EarlierTextsStayPutWhileTheStoreGrows) {
    TextStore store;
    std::vector<KeptText> kept;
    for (int i = 0; i < 50000; ++i) {
        kept.push_back(store.keep("user" + std::to_string(i) + std::string(i % 200, 'z')));
    }
    const KeptText big = store.keep(std::string(1 << 20, 'b'));
    for (int i = 0; i < 50000; i += 997) {
        EXPECT_EQ(kept[i], "user" + std::to_string(i) + std::string(i % 200, 'z'));
        EXPECT_EQ(kept[i].c_str()[kept[i].size()], '\0');
    }
    EXPECT_EQ(big.size(), 1u << 20);
    EXPECT_EQ(std::strlen(big.c_str()), 1u << 20);
}

TEST(TextStore, UsableAgainAfterClear) {
    TextStore store;
    for (int i = 0; i < 1000; ++i) {
        store.keep(std::string(100, 'a'));
    }
    store.clear();
    const KeptText kept = store.keep("after");
    EXPECT_EQ(kept, "after");
}

TEST(KeptText, ComparesWithTextOfEitherKind) {
    TextStore store;
    const KeptText realm = store.keep("pbx.example");
    EXPECT_TRUE(realm == std::string("pbx.example"));
    EXPECT_TRUE(std::string_view("pbx.example") == realm);
    EXPECT_TRUE(realm != "other");
    EXPECT_TRUE(realm == store.keep("pbx.example"));
    EXPECT_FALSE(realm == store.keep("pbx.exampl"));
}
