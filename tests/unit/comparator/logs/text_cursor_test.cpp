#include "logs/text_cursor.h"

#include <gtest/gtest.h>

namespace sipdiff::logs {
namespace {

// Serves its bytes a few at a time, to cross buffer refills everywhere.
class TrickleReader : public ByteReader {
  public:
    explicit TrickleReader(std::string s) : s_(std::move(s)) {}
    std::size_t read(char* buf, std::size_t n) override {
        std::size_t k = std::min<std::size_t>({n, 3, s_.size() - pos_});
        s_.copy(buf, k, pos_);
        pos_ += k;
        return k;
    }

  private:
    std::string s_;
    std::size_t pos_ = 0;
};

TEST(TextCursor, LinesAndLineNumbers) {
    TextCursor c(string_reader("a\nbb\r\n\nlast"));
    std::string_view line;
    EXPECT_EQ(c.line(), 1u);
    ASSERT_TRUE(c.next_line(line));
    EXPECT_EQ(line, "a");
    EXPECT_EQ(c.line(), 2u);
    ASSERT_TRUE(c.next_line(line));
    EXPECT_EQ(line, "bb\r");
    ASSERT_TRUE(c.next_line(line));
    EXPECT_EQ(line, "");
    ASSERT_TRUE(c.next_line(line));
    EXPECT_EQ(line, "last");
    EXPECT_FALSE(c.next_line(line));
    EXPECT_TRUE(c.at_end());
}

TEST(TextCursor, FindAcrossRefills) {
    TextCursor c(std::make_unique<TrickleReader>("0123456789MARKERtail"));
    EXPECT_EQ(c.find("MARKER", 100), 10u);
    EXPECT_FALSE(c.find("MARKER", 5));
    EXPECT_FALSE(c.find("absent", 100));
    EXPECT_EQ(c.peek(4), "0123");
    c.consume(16);
    EXPECT_EQ(c.peek(100), "tail");
}

TEST(TextCursor, ConsumeCountsLines) {
    TextCursor c(std::make_unique<TrickleReader>("x\ny\nz\nrest"));
    c.peek(6);
    c.consume(6);
    EXPECT_EQ(c.line(), 4u);
}

}  // namespace
}  // namespace sipdiff::logs
