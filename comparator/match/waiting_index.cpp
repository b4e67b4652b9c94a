#include "match/waiting_index.h"

namespace sipdiff::match {
namespace {
constexpr std::size_t kInitialSlots = 256;
}

void WaitingIndex::add(std::uint64_t key, std::uint64_t seq) {
    if ((used_ + 1) * 4 > slots_.size() * 3) {
        rebuild();
    }
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = home(key);
    while (slots_[i].seq != kEmpty && slots_[i].seq != kRemoved) {
        i = (i + 1) & mask;
    }
    used_ += slots_[i].seq == kEmpty ? 1 : 0;
    slots_[i] = Slot{key, seq};
    ++live_;
}

void WaitingIndex::rebuild() {
    std::size_t size = slots_.empty() ? kInitialSlots : slots_.size();
    while ((live_ + 1) * 4 > size) {
        size *= 2;
    }
    std::vector<Slot> old(size);
    old.swap(slots_);
    live_ = 0;
    used_ = 0;
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (s.seq == kEmpty || s.seq == kRemoved) {
            continue;
        }
        std::size_t i = home(s.key);
        while (slots_[i].seq != kEmpty) {
            i = (i + 1) & mask;
        }
        slots_[i] = s;
        ++live_;
        ++used_;
    }
}

}  // namespace sipdiff::match
