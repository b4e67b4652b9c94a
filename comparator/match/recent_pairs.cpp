#include "match/recent_pairs.h"

#include <algorithm>

namespace sipdiff::match {
namespace {
constexpr std::size_t kInitialSlots = 1024;
}

std::uint32_t RecentPairs::file_index(std::string_view file) {
    auto it = std::find(files_.rbegin(), files_.rend(), file);
    if (it != files_.rend()) {
        return static_cast<std::uint32_t>(files_.rend() - it - 1);
    }
    files_.push_back(file);
    return static_cast<std::uint32_t>(files_.size() - 1);
}

std::size_t RecentPairs::slot_of(std::uint64_t key) const {
    std::size_t mask = slots_.size() - 1;
    // Fibonacci hashing spreads the key's bits over the table size.
    std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
    while (slots_[i].seq != kEmpty && slots_[i].key != key) {
        i = (i + 1) & mask;
    }
    return i;
}

void RecentPairs::add(std::uint64_t key, std::int64_t t, const Origin& log, const Origin& capture,
                      std::int64_t capture_t, std::size_t capture_size) {
    pairs_.push_back(Pair{key,
                          t,
                          {file_index(log.file), file_index(capture.file)},
                          {log.line, capture.line},
                          {log.frame, capture.frame},
                          capture_t,
                          capture_size});
}

void RecentPairs::index(std::uint64_t key, std::uint64_t seq) {
    if ((used_ + 1) * 2 > slots_.size()) {
        rebuild();
    }
    Slot& slot = slots_[slot_of(key)];
    if (slot.seq == kEmpty) {
        ++used_;
    }
    slot = Slot{key, seq};
}

void RecentPairs::catch_up() {
    const std::uint64_t end = first_seq_ + pairs_.size();
    for (std::uint64_t seq = std::max(indexed_, first_seq_); seq < end; ++seq) {
        index(pairs_[seq - first_seq_].key, seq);
    }
    indexed_ = end;
}

const RecentPairs::Pair* RecentPairs::find(std::uint64_t key) {
    catch_up();
    if (slots_.empty()) {
        return nullptr;
    }
    const Slot& slot = slots_[slot_of(key)];
    // A slot whose pair is forgotten means the key has no pair kept.
    if (slot.seq == kEmpty || slot.seq < first_seq_) {
        return nullptr;
    }
    return &pairs_[slot.seq - first_seq_];
}

Origin RecentPairs::origin(const Pair& pair, int side) const {
    return Origin{files_[pair.file[side]], pair.line[side], pair.frame[side]};
}

void RecentPairs::forget_before(std::int64_t limit) {
    while (!pairs_.empty() && pairs_.front().t < limit) {
        pairs_.pop_front();
        ++first_seq_;
    }
}

void RecentPairs::rebuild() {
    std::vector<Slot> old = std::move(slots_);
    std::size_t live = 0;
    for (const Slot& s : old) {
        live += s.seq != kEmpty && s.seq >= first_seq_ ? 1 : 0;
    }
    // At most a quarter used after the rebuild, so that rebuilds stay rare.
    std::size_t size = kInitialSlots;
    while (size < (live + 1) * 4) {
        size *= 2;
    }
    slots_.assign(size, Slot{});
    used_ = 0;
    for (const Slot& s : old) {
        if (s.seq != kEmpty && s.seq >= first_seq_) {
            slots_[slot_of(s.key)] = s;
            ++used_;
        }
    }
}

}  // namespace sipdiff::match
