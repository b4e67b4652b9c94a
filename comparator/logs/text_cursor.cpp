#include "logs/text_cursor.h"

#include <algorithm>
#include <cstring>

namespace sipdiff::logs {
namespace {

// Reads of at least twice zlib's buffer (open_file_reader: 128 kB) go straight into ours. A
// reader that peeks a whole record's room (64 kB) ahead moves that much to the front of the
// buffer on every refill, so the chunk is many times larger than that.
constexpr std::size_t kChunk = 1 << 20;

// memchr skips the bytes between line ends far faster than a byte-by-byte count.
std::uint64_t count_line_ends(const char* p, const char* end) {
    std::uint64_t n = 0;
    while ((p = static_cast<const char*>(
                std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr) {
        ++n;
        ++p;
    }
    return n;
}

}  // namespace

TextCursor::TextCursor(std::unique_ptr<ByteReader> input) : input_(std::move(input)) {}

void TextCursor::fill(std::size_t n) {
    if (end_ - pos_ >= n || eof_) {
        return;
    }
    if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    while (end_ < n && !eof_) {
        std::size_t want = std::max(kChunk, n - end_);
        if (buf_.size() < end_ + want) {
            buf_.resize(end_ + want);  // grows only: no clearing of the room on every read
        }
        std::size_t got = input_->read(buf_.data() + end_, want);
        end_ += got;
        if (got == 0) {
            eof_ = true;
        }
    }
}

std::string_view TextCursor::peek(std::size_t n) {
    fill(n);
    return held().substr(pos_, n);
}

void TextCursor::consume(std::size_t n) {
    n = std::min(n, end_ - pos_);
    line_ += count_line_ends(buf_.data() + pos_, buf_.data() + pos_ + n);
    pos_ += n;
}

void TextCursor::skip(std::size_t n, std::uint64_t line_ends) {
    pos_ += std::min(n, end_ - pos_);
    line_ += line_ends;
}

std::optional<std::size_t> TextCursor::find(std::string_view needle, std::size_t limit) {
    std::size_t searched = 0;  // offsets below this hold no match starting there
    for (;;) {
        std::string_view have = held().substr(pos_, limit + needle.size());
        // memmem skips ahead by the needle's length where string_view::find stops at every
        // occurrence of its first byte.
        std::size_t at = std::string_view::npos;
        if (searched <= have.size()) {
            const void* hit = memmem(have.data() + searched, have.size() - searched, needle.data(),
                                     needle.size());
            if (hit != nullptr) {
                at = static_cast<std::size_t>(static_cast<const char*>(hit) - have.data());
            }
        }
        if (at != std::string_view::npos && at <= limit) {
            return at;
        }
        if (have.size() >= limit + needle.size() || eof_) {
            return std::nullopt;
        }
        if (have.size() >= needle.size()) {
            searched = have.size() - needle.size() + 1;
        }
        fill(std::min(limit + needle.size(), have.size() + kChunk));
    }
}

bool TextCursor::next_line(std::string_view& line, std::size_t limit) {
    if (at_end()) {
        return false;
    }
    // Usually the line end is already in the buffer: one memchr, no refill, no search set-up.
    const char* start = buf_.data() + pos_;
    const void* at = std::memchr(start, '\n', std::min(end_ - pos_, limit + 1));
    std::optional<std::size_t> lf =
        at != nullptr ? std::optional<std::size_t>(static_cast<const char*>(at) - start)
                      : find("\n", limit);
    std::size_t len = lf ? *lf : std::min(limit, end_ - pos_);
    line = held().substr(pos_, len);
    // The line holds no line end, so there is nothing to count; the buffer does not move, so
    // `line` stays valid.
    pos_ += lf ? len + 1 : len;
    line_ += lf ? 1 : 0;
    return true;
}

bool TextCursor::at_end() {
    fill(1);
    return pos_ >= end_;
}

}  // namespace sipdiff::logs
