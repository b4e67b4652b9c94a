#include "match/recent_pairs.h"

namespace sipdiff::match {
namespace {
constexpr std::size_t kInitialSlots = 1024;
}

std::size_t RecentPairs::home(std::uint64_t key) const {
    // Fibonacci hashing spreads the key's bits over the table size.
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (slots_.size() - 1);
}

std::size_t RecentPairs::slot_of(std::uint64_t key) const {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = home(key);
    while (slots_[i].seq != kEmpty && slots_[i].key != key) {
        i = (i + 1) & mask;
    }
    return i;
}

void RecentPairs::add(std::uint64_t key, std::int64_t t, const Origin& log, const Origin& capture) {
    if ((used_ + 1) * 2 > slots_.size()) {
        grow();
    }
    Slot& slot = slots_[slot_of(key)];
    if (slot.seq == kEmpty) {
        ++used_;
    }
    slot = Slot{key, first_seq_ + pairs_.size()};
    pairs_.push_back(Pair{key, t, {log, capture}});
}

const RecentPairs::Pair* RecentPairs::find(std::uint64_t key) const {
    if (slots_.empty()) {
        return nullptr;
    }
    const Slot& slot = slots_[slot_of(key)];
    return slot.seq == kEmpty ? nullptr : &pairs_[slot.seq - first_seq_];
}

void RecentPairs::forget_before(std::int64_t limit) {
    while (!pairs_.empty() && pairs_.front().t < limit) {
        std::size_t i = slot_of(pairs_.front().key);
        if (slots_[i].seq == first_seq_) {  // not replaced by a later pair of the same key
            erase_slot(i);
        }
        pairs_.pop_front();
        ++first_seq_;
    }
}

// Backward-shift deletion: moves later entries of the probe run into the hole so that every
// entry stays reachable from its home slot without tombstones.
void RecentPairs::erase_slot(std::size_t i) {
    std::size_t mask = slots_.size() - 1;
    std::size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (slots_[j].seq == kEmpty) {
            break;
        }
        std::size_t h = home(slots_[j].key);
        // Entry j may fill hole i when its home is not cyclically within (i, j].
        bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
        if (!stays) {
            slots_[i] = slots_[j];
            i = j;
        }
    }
    slots_[i] = Slot{};
    --used_;
}

void RecentPairs::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, Slot{});
    for (const Slot& s : old) {
        if (s.seq != kEmpty) {
            slots_[slot_of(s.key)] = s;
        }
    }
}

}  // namespace sipdiff::match
