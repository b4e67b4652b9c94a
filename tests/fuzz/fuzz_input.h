// A cursor over a fuzz input: fixed-size numbers and byte runs taken from the front, pieces split
// at a separator. Reading past the end yields zeros and empty runs, never an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fuzz {

class FuzzInput {
  public:
    FuzzInput(const std::uint8_t* data, std::size_t size)
        : bytes_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const { return bytes_.empty(); }

    std::uint8_t u8() {
        if (bytes_.empty()) {
            return 0;
        }
        const auto value = static_cast<std::uint8_t>(bytes_.front());
        bytes_.remove_prefix(1);
        return value;
    }
    std::uint16_t u16() {
        const std::uint16_t high = u8();
        return static_cast<std::uint16_t>((high << 8) | u8());
    }
    std::uint32_t u32() {
        const std::uint32_t high = u16();
        return (high << 16) | u16();
    }
    // Up to n bytes (fewer at the end).
    std::string_view bytes(std::size_t n) {
        const std::string_view out = bytes_.substr(0, n);
        bytes_.remove_prefix(out.size());
        return out;
    }
    std::string_view rest() { return bytes(bytes_.size()); }

  private:
    std::string_view bytes_;
};

// The pieces of `text` between occurrences of `separator` (an empty text gives one empty piece).
inline std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    for (;;) {
        const std::size_t at = text.find(separator);
        pieces.push_back(text.substr(0, at));
        if (at == std::string_view::npos) {
            return pieces;
        }
        text.remove_prefix(at + 1);
    }
}

}  // namespace fuzz
