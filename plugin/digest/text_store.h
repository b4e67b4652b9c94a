// Kept text: the strings the tracker stores for a whole capture (nonces, usernames, reasons),
// copied once into large blocks instead of one heap allocation each, and freed all at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <ostream>
#include <string_view>

namespace digest {

// A view of text kept in a TextStore (or of the empty text): valid until the store is cleared,
// always followed by a NUL byte, so c_str() can go straight to C APIs. One pointer: the length is
// stored just before the text.
class KeptText {
  public:
    constexpr KeptText() = default;

    const char* c_str() const { return data_; }
    std::size_t size() const {
        std::uint32_t size = 0;
        std::memcpy(&size, data_ - sizeof size, sizeof size);
        return size;
    }
    bool empty() const { return size() == 0; }
    std::string_view view() const { return {data_, size()}; }
    operator std::string_view() const { return view(); }

  private:
    friend class TextStore;
    // The empty text: a zero length, then the NUL byte.
    alignas(std::uint32_t) static constexpr char kEmpty[sizeof(std::uint32_t) + 1] = {};

    explicit constexpr KeptText(const char* data) : data_(data) {}

    const char* data_ = kEmpty + sizeof(std::uint32_t);
};

inline bool operator==(const KeptText& a, const KeptText& b) {
    return a.view() == b.view();
}
inline bool operator!=(const KeptText& a, const KeptText& b) {
    return !(a == b);
}
inline bool operator==(const KeptText& a, std::string_view b) {
    return a.view() == b;
}
inline bool operator==(std::string_view a, const KeptText& b) {
    return a == b.view();
}
inline bool operator!=(const KeptText& a, std::string_view b) {
    return !(a == b);
}
inline bool operator!=(std::string_view a, const KeptText& b) {
    return !(a == b);
}
inline std::ostream& operator<<(std::ostream& out, const KeptText& text) {
    return out << text.view();
}

// Owns the kept text and, for the tracker's indexes, any other memory freed together with it
// (resource()). Nothing is freed before clear().
class TextStore {
  public:
    TextStore() = default;
    TextStore(const TextStore&) = delete;
    TextStore& operator=(const TextStore&) = delete;

    // A copy of `text`. Texts of 4 GiB or more are cut there.
    KeptText keep(std::string_view text);

    // Bump allocation for containers that live exactly as long as the kept text.
    std::pmr::memory_resource* resource() { return &arena_; }

    // Frees everything: every KeptText and everything allocated from resource() dangles.
    void clear() { arena_.release(); }

  private:
    static constexpr std::size_t kFirstBlock = 64 * 1024;
    std::pmr::monotonic_buffer_resource arena_{kFirstBlock};
};

}  // namespace digest
