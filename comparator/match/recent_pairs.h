// The pairs made lately, by identity key, so that an unpaired extra copy of a message (a
// retransmission, a duplicate) can name the copy that was paired. Pairs are kept in the order
// they were made in one deque and found through an open-addressing table of their positions:
// no allocation per pair, and a lookup touches a cache line or two instead of a chain of nodes.
// The table is brought up to date only when a lookup comes, so that traces which agree (no
// unpaired record, no lookup) never pay for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

#include "record.h"

namespace sipdiff::match {

class RecentPairs {
  public:
    struct Pair {
        std::uint64_t key = 0;
        std::int64_t t = 0;       // capture clock
        std::uint32_t file[2]{};  // log copy, capture copy: index of the file name
        std::uint64_t line[2]{};  // as in Origin
        std::uint64_t frame[2]{};
        std::int64_t capture_t = 0;    // the capture copy's time and size, to tell a second
        std::size_t capture_size = 0;  // sight of it by the sniffer
    };

    // Records a pair; it replaces an earlier pair of the same key for find().
    void add(std::uint64_t key, std::int64_t t, const Origin& log, const Origin& capture,
             std::int64_t capture_t, std::size_t capture_size);
    // The latest pair of `key` still kept, or null.
    const Pair* find(std::uint64_t key);
    // Where copy `side` (0 log, 1 capture) of a pair is.
    Origin origin(const Pair& pair, int side) const;
    // Forgets pairs, oldest made first, while their time is before `limit`.
    void forget_before(std::int64_t limit);

    std::size_t size() const { return pairs_.size(); }

  private:
    struct Slot {
        std::uint64_t key = 0;
        std::uint64_t seq = kEmpty;  // position of the key's latest pair among all pairs made
    };
    static constexpr std::uint64_t kEmpty = UINT64_MAX;

    std::uint32_t file_index(std::string_view file);
    // Enters the pairs made since the last lookup into the table.
    void catch_up();
    void index(std::uint64_t key, std::uint64_t seq);
    std::size_t slot_of(std::uint64_t key) const;  // its slot, or the empty slot it would take
    // Makes room, dropping slots whose pair is forgotten (they are left in place until then).
    void rebuild();

    std::deque<Pair> pairs_;
    std::uint64_t first_seq_ = 0;  // seq of pairs_.front()
    std::uint64_t indexed_ = 0;    // pairs before this seq are in the table
    std::vector<Slot> slots_;      // size a power of two, at most half used
    std::size_t used_ = 0;
    std::vector<std::string_view> files_;  // the few file names the pairs come from
};

}  // namespace sipdiff::match
