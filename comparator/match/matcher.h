// Pairs the records of a trace with those of a capture as they stream in, in (clock-corrected)
// time order. A record waits at most `window` for its partner; after that it can no longer pair
// and is released, so memory depends on the message rate, not on the input size.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "match/address_map.h"
#include "match/clock.h"
#include "match/keyed_source.h"
#include "match/outcome.h"
#include "match/recent_pairs.h"
#include "match/scope.h"
#include "match/waiting_index.h"
#include "record.h"

namespace sipdiff::match {

// A clock that drifts is followed: each identical pair moves the offset used for pairing a
// sixteenth of the way to its own offset, so the pairs' jitter averages out. The move is capped:
// 100 us, plus what a drift of 1000 ppm makes of the time since the previous pair. A message the
// server logged late (a busy server, a TCP read behind) then hardly moves it, while any drift up
// to 1000 ppm is followed at any message rate.
constexpr std::int64_t kOffsetFollow = 16;
constexpr std::int64_t kFollowStepNs = 100'000;
constexpr std::int64_t kFollowPpm = 1000;

struct MatchSettings {
    std::int64_t offset_ns = 0;              // trace clock minus capture clock, to start with
    std::int64_t window_ns = 5'000'000'000;  // how far apart two copies of a message may be
    const AddressMap* addresses = nullptr;   // NAT translations between trace and capture, if any
};

// A record that found no partner, with its time in the capture's clock.
struct Unpaired {
    Difference difference;  // kind OnlyInLog or OnlyInCapture
    std::int64_t capture_clock_ns = 0;
    bool from_log = false;
    KeyedRecord record;  // kept for pairing again at another clock offset (clock_steps.h)
};

class Matcher {
  public:
    Matcher(MatchSettings settings, Scope& scope);
    // Hands the records it is done with back to their sources (KeyedSource::retire) instead of
    // freeing them itself.
    void retire_to(KeyedSource& log, KeyedSource& capture);

    void add_log(KeyedRecord&& r);
    void add_capture(KeyedRecord&& r);
    // Offers again, uncounted, a record another Matcher left unpaired.
    void add_again(Unpaired&& u);
    // Releases everything still waiting.
    void finish();

    // Results so far. Pairs are counted (and differing or cut-short ones kept); unpaired records
    // are kept.
    const Summary& summary() const { return summary_; }
    const OffsetStats& offsets() const { return offsets_; }
    // Trace clock minus capture clock now, as followed over the identical pairs so far.
    std::int64_t offset_ns() const { return offset_ns_; }
    // The offset it pairs at, its identical pairs and where the first of them is.
    ClockPhase phase(OffsetEstimate estimate) const;
    std::vector<Difference>& differing() { return differing_; }
    std::vector<Unpaired>& unpaired() { return unpaired_; }
    // Records waiting for a partner (bounded by the message rate times the window).
    std::size_t waiting() const { return queue_[kLog].size() + queue_[kCapture].size(); }

  private:
    enum Side { kLog = 0, kCapture = 1 };
    struct Pending {
        Record record;
        std::uint64_t key = 0;
        std::int64_t t = 0;  // capture clock
        bool done = false;
        // Offered again (add_again): what the earlier Matcher made of it, kept if it stays alone.
        std::unique_ptr<Unpaired> earlier;
    };

    enum class Lookup {
        Identity,   // records with p's identity key
        SizeOfCut,  // for pairs with a copy cut too short to hold its identity headers: records
                    // as long on the wire as p, with the same bytes as far as both go
    };

    void add(Side side, KeyedRecord&& r, std::unique_ptr<Unpaired> earlier = nullptr);
    // The best partner for `p` (the nearest in time, same bytes first), or null; `identical`
    // says whether its bytes are the same.
    Pending* find_partner(Side side, const Pending& p, Lookup lookup, bool& identical);
    // Starts indexing every waiting record by its size on the wire (the first cut record).
    void index_sizes();
    bool compatible(const Record& log, const Record& capture) const;
    void pair(Side side, Pending& mine, Pending& theirs, bool identical);
    // Moves the offset towards `seen`, the offset of an identical pair captured at `at`.
    void follow(std::int64_t seen, std::int64_t at);
    void release_older_than(std::int64_t limit);
    // Gives up on `p`: out of scope, seen twice by the sniffer, or kept (record and all) unpaired.
    void release(Side side, Pending& p);
    static void unindex(WaitingIndex& index, std::deque<Pending>& queue, std::uint64_t first_seq,
                        std::uint64_t key);
    void retire(Side side, Record&& r);

    MatchSettings settings_;
    Scope& scope_;
    std::int64_t offset_ns_;
    std::int64_t last_followed_ns_ = INT64_MIN;  // capture time of the last pair followed
    KeyedSource* sources_[2] = {nullptr, nullptr};
    std::int64_t now_ = INT64_MIN;
    std::deque<Pending> queue_[2];
    std::uint64_t first_seq_[2] = {0, 0};
    WaitingIndex index_[2];    // by identity key
    WaitingIndex by_size_[2];  // by size on the wire, once a cut record came (sizes_indexed_)
    bool sizes_indexed_ = false;
    // Pairs made within the last two windows, by identity key, to name extra copies.
    RecentPairs recent_;

    Summary summary_;
    OffsetStats offsets_;
    Origin first_log_, first_capture_;  // of the earliest identical pair
    std::vector<Difference> differing_;
    std::vector<Unpaired> unpaired_;
};

}  // namespace sipdiff::match
