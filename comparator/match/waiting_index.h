// The records waiting in one of the Matcher's queues, found by a 64-bit key (an identity key, or a
// size on the wire): an open-addressing table of (key, position) entries, several per key. Adding
// and removing a record allocates nothing (a map of vectors allocated twice and freed twice per
// record on the matching thread), and a lookup reads one run of adjacent slots.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sipdiff::match {

class WaitingIndex {
  public:
    void add(std::uint64_t key, std::uint64_t seq);

    // Calls f(seq) for each entry of `key`, in no particular order.
    template <typename F>
    void for_each(std::uint64_t key, F f) const {
        if (slots_.empty()) {
            return;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = home(key); slots_[i].seq != kEmpty; i = (i + 1) & mask) {
            if (slots_[i].key == key && slots_[i].seq != kRemoved) {
                f(slots_[i].seq);
            }
        }
    }

    // Removes the entries of `key` for which gone(seq) is true.
    template <typename Gone>
    void remove_if(std::uint64_t key, Gone gone) {
        if (slots_.empty()) {
            return;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = home(key); slots_[i].seq != kEmpty; i = (i + 1) & mask) {
            if (slots_[i].key == key && slots_[i].seq != kRemoved && gone(slots_[i].seq)) {
                slots_[i].seq = kRemoved;
                --live_;
            }
        }
    }

    std::size_t size() const { return live_; }

  private:
    static constexpr std::uint64_t kEmpty = UINT64_MAX;
    static constexpr std::uint64_t kRemoved = UINT64_MAX - 1;
    struct Slot {
        std::uint64_t key = 0;
        std::uint64_t seq = kEmpty;
    };

    std::size_t home(std::uint64_t key) const {
        // Sizes are small numbers: Fibonacci hashing spreads their bits over the table.
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (slots_.size() - 1);
    }
    // Makes room for one more entry: drops the removed ones, doubling the table when at least a
    // quarter of it would still be in use.
    void rebuild();

    std::vector<Slot> slots_;  // size a power of two, at most three quarters not empty
    std::size_t live_ = 0;
    std::size_t used_ = 0;  // live and removed entries
};

}  // namespace sipdiff::match
