// Reads a text trace through a sliding buffer: lines, exact byte counts and searches for markers,
// keeping track of line numbers. Memory stays bounded by the longest record looked at.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "logs/byte_reader.h"

namespace sipdiff::logs {

class TextCursor {
  public:
    explicit TextCursor(std::unique_ptr<ByteReader> input);

    // Up to `n` bytes from the current position (fewer only at the end of input). The view is
    // valid until the next call that reads or consumes.
    std::string_view peek(std::size_t n);
    // Moves past `n` bytes (which must have been peeked), counting their line ends.
    void consume(std::size_t n);
    // The same for a caller that has counted the `line_ends` in those bytes already.
    void skip(std::size_t n, std::uint64_t line_ends);
    // Offset of `needle` from the current position, looking at most `limit` bytes ahead.
    std::optional<std::size_t> find(std::string_view needle, std::size_t limit);

    // The next line without its LF (a CR before it is kept); false at the end of input.
    // A last line without LF is returned too. Lines longer than `limit` are cut at `limit`.
    bool next_line(std::string_view& line, std::size_t limit = 1 << 20);

    bool at_end();
    // 1-based number of the line the current position is on.
    std::uint64_t line() const { return line_; }
    // Why the input ended early (read error, damaged gzip), or empty.
    std::string input_error() const { return input_->error(); }

  private:
    // Makes at least `n` bytes available from pos_ unless the input ends first.
    void fill(std::size_t n);

    std::unique_ptr<ByteReader> input_;
    std::string_view held() const { return std::string_view(buf_.data(), end_); }

    std::string buf_;  // room to read into, reused: only the first end_ bytes hold input
    std::size_t end_ = 0;
    std::size_t pos_ = 0;
    bool eof_ = false;
    std::uint64_t line_ = 1;
};

}  // namespace sipdiff::logs
