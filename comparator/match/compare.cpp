#include "match/compare.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <vector>

#include "match/clock_steps.h"
#include "match/matcher.h"
#include "match/record_batch.h"

namespace sipdiff::match {
namespace {

// A message a sniffer sees only encrypted: nothing in a capture can be its copy.
bool encrypted_on_the_wire(Transport t) {
    return t == Transport::Tls || t == Transport::Wss;
}

// One input read ahead by a record, with the records read for the offset estimate in front.
class Feed {
  public:
    explicit Feed(KeyedSource& source) : source_(source) {}

    // Reads until the head holds `n` records; false when the input ended first.
    bool read_head(std::size_t n) {
        KeyedRecord r;
        while (head_.size() < n && source_.next(r)) {
            head_.push_back(std::move(r));
        }
        return head_.size() == n;
    }
    const std::deque<KeyedRecord>& head() const { return head_; }

    // Makes current() the next record; false at the end.
    bool advance() {
        if (!head_.empty()) {
            current_ = std::move(head_.front());
            head_.pop_front();
            return true;
        }
        return source_.next(current_);
    }
    KeyedRecord& current() { return current_; }

  private:
    KeyedSource& source_;
    std::deque<KeyedRecord> head_;
    KeyedRecord current_;
};

// Grows both heads to `n` records each, a batch from one side then a batch from the other, so
// that the capture's reading thread reads while the trace is read here: read one whole head
// after the other, the capture's thread sat waiting at the start (the 50,000-message benchmark
// ran about 0.5 ms of its 38 faster this way). True when either head reached `n` records (that
// input may hold more).
bool read_heads(Feed (&feeds)[2], std::size_t n) {
    bool full[2] = {false, false};
    for (std::size_t step = kBatchRecords;; step += kBatchRecords) {
        const std::size_t want = std::min(step, n);
        full[0] = feeds[0].read_head(want);
        full[1] = feeds[1].read_head(want);
        if (want == n || (!full[0] && !full[1])) {
            return full[0] || full[1];
        }
    }
}

Scope::Basis choose_basis(const CompareOptions& options, const std::deque<KeyedRecord>& log_head) {
    if (!options.servers.empty()) {
        return Scope::Basis::Option;
    }
    bool addresses = false;
    for (const KeyedRecord& k : log_head) {
        const Record& r = k.record;
        if (r.src.known() && r.dst.known()) {
            addresses = true;
            if (r.direction != Direction::Unknown) {
                return Scope::Basis::TraceAddresses;
            }
        }
    }
    return addresses ? Scope::Basis::Everything : Scope::Basis::CaptureContent;
}

void widen(std::optional<Span>& span, std::int64_t t) {
    if (!span) {
        span = Span{t, t};
    } else {
        span->first_ns = std::min(span->first_ns, t);
        span->last_ns = std::max(span->last_ns, t);
    }
}

constexpr std::int64_t kMergeSlackNs = 100'000'000;

std::int64_t capture_time(const Difference& d) {
    return d.capture ? d.capture->time_ns : d.log->time_ns - d.clock_offset_ns;
}

// What the re-pairing across clock steps found: its pairs counted, and the phases in time
// order with the first one's, unless only one offset paired at all (the heads held no pair, and
// the offset came from the whole run: no step).
void take_clock_phases(Comparison& c, const ClockPhase& first, const StepPairs& steps) {
    if (steps.phases.empty()) {
        return;
    }
    add_pair_counts(c.summary, steps.counts);
    if (first.offsets.count() > 0) {
        c.phases.push_back(first);
    }
    c.phases.insert(c.phases.end(), steps.phases.begin(), steps.phases.end());
    std::sort(c.phases.begin(), c.phases.end(), [](const ClockPhase& a, const ClockPhase& b) {
        return a.offsets.first_ns() < b.offsets.first_ns();
    });
    if (c.phases.size() == 1) {
        c.estimate = c.phases.front().estimate;
        c.offsets = c.phases.front().offsets;
        c.phases.clear();
    }
}

}  // namespace

std::int64_t Comparison::offset_at_start() const {
    if (phases.empty()) {
        return drift ? drift->first_offset_ns : estimate.offset_ns;
    }
    const ClockPhase& first = phases.front();
    return first.drift ? first.drift->first_offset_ns : first.estimate.offset_ns;
}

std::int64_t Comparison::offset_at_end() const {
    if (phases.empty()) {
        return drift ? drift->last_offset_ns : estimate.offset_ns;
    }
    const ClockPhase& last = *std::max_element(phases.begin(), phases.end(),
                                               [](const ClockPhase& a, const ClockPhase& b) {
                                                   return a.offsets.last_ns() < b.offsets.last_ns();
                                               });
    return last.drift ? last.drift->last_offset_ns : last.estimate.offset_ns;
}

int Comparison::exit_status(bool strict_window) const {
    if (!not_comparable.empty()) {
        return 2;
    }
    // A message cut short is not proven the same: the traces are not shown to agree.
    std::uint64_t counted = summary.differing + summary.only_in_log + summary.only_in_capture +
                            summary.cut_short + (strict_window ? summary.outside_window : 0);
    return counted > 0 ? 1 : 0;
}

Comparison compare(RecordSource& log, RecordSource& capture, const CompareOptions& options,
                   const logs::TraceGaps* gaps) {
    InlineKeys keyed_log(log), keyed_capture(capture);
    return compare(keyed_log, keyed_capture, options, gaps);
}

Comparison compare(KeyedSource& log, KeyedSource& capture, const CompareOptions& options,
                   const logs::TraceGaps* gaps) {
    Comparison c;
    Feed feeds[2] = {Feed(log), Feed(capture)};
    bool longer = read_heads(feeds, options.head_records);
    std::vector<HeadPair> pairs = head_pairs(feeds[0].head(), feeds[1].head());
    for (std::size_t n = options.head_records * 2;
         pairs.empty() && longer && n <= options.max_head_records; n *= 2) {
        longer = read_heads(feeds, n);
        pairs = head_pairs(feeds[0].head(), feeds[1].head());
    }
    c.estimate = estimate_offset(pairs);
    c.scope_basis = choose_basis(options, feeds[0].head());

    Scope scope(c.scope_basis);
    for (const EndpointPattern& p : options.servers) {
        scope.add(p);
    }
    // The heads teach the scope the trace's endpoints before pairing starts. Learned only as the
    // trace's records arrive, they came too late for capture messages older than the trace's
    // first record by more than the match window: those were out of scope, not outside the
    // window.
    for (const KeyedRecord& k : feeds[0].head()) {
        scope.learn_from_trace(k.record);
    }
    for (const HeadPair& p : pairs) {
        scope.learn_from_pair(p.trace->direction, *p.capture);
    }
    // Behind a NAT the capture names the trace's endpoints otherwise: those are in scope too.
    const AddressMap addresses = AddressMap::learn(pairs);
    for (const AddressMap::Translation& t : addresses.translations()) {
        if (scope.contains(t.trace)) {
            scope.add(EndpointPattern{t.capture.ip, t.capture.port});
        }
    }
    c.translations = addresses.translations();
    const AddressMap* translated = addresses.translations().empty() ? nullptr : &addresses;
    const MatchSettings matcher_settings{c.estimate.offset_ns, options.window_ns, translated};
    Matcher matcher(matcher_settings, scope);
    matcher.retire_to(log, capture);
    std::int64_t merge_offset = c.estimate.offset_ns;
    std::uint64_t encrypted = 0;
    bool more[2] = {feeds[0].advance(), feeds[1].advance()};
    while (more[0] || more[1]) {
        int side = 0;
        if (!more[0]) {
            side = 1;
        } else if (more[1]) {
            std::int64_t log_t = feeds[0].current().record.time_ns - merge_offset;
            side = feeds[1].current().record.time_ns < log_t ? 1 : 0;
        }
        KeyedRecord& r = feeds[side].current();
        if (side == 0 && !options.capture_decrypted && encrypted_on_the_wire(r.record.transport)) {
            ++encrypted;
            log.retire(std::move(r.record));
        } else if (side == 0) {
            widen(c.log_span, r.record.time_ns);
            matcher.add_log(std::move(r));
        } else {
            widen(c.capture_span, r.record.time_ns);
            matcher.add_capture(std::move(r));
        }
        more[side] = feeds[side].advance();
        // Feeds the inputs in the order of the offset the Matcher follows (a drifting clock), but
        // only once that moved noticeably: taking in every jitter of it reorders the two inputs
        // at every message, which made the 200k benchmark run 6% longer.
        if (std::abs(matcher.offset_ns() - merge_offset) > kMergeSlackNs) {
            merge_offset = matcher.offset_ns();
        }
    }
    matcher.finish();

    c.summary = matcher.summary();
    c.summary.encrypted = encrypted;
    c.summary.log_records += encrypted;
    c.offsets = matcher.offsets();
    std::vector<Unpaired> unpaired = std::move(matcher.unpaired());
    const ClockPhase first = matcher.phase(c.estimate);
    StepPairs steps = pair_across_clock_steps(unpaired, matcher_settings, first, scope);
    take_clock_phases(c, first, steps);
    c.drift = c.offsets.drift();
    for (ClockPhase& p : c.phases) {
        p.drift = p.offsets.drift();
    }
    c.scope_endpoints = scope.describe();
    if (gaps != nullptr) {
        c.admitted_unlogged = gaps->unlogged_sent;
        if (gaps->unlogged_sent > 0) {
            c.first_unlogged_notice = gaps->first;
        }
    }
    if (!c.log_span && encrypted > 0) {
        c.not_comparable =
            "every message of the log went over TLS or WSS, which a capture holds encrypted";
    } else if (!c.log_span) {
        c.not_comparable = "no SIP message could be read from the log";
    } else if (!c.capture_span) {
        c.not_comparable = "the capture holds no SIP message";
    }
    std::int64_t window_first = 0, window_last = -1;
    if (c.log_span && c.capture_span) {
        window_first =
            std::max(c.log_span->first_ns - c.offset_at_start(), c.capture_span->first_ns);
        window_last = std::min(c.log_span->last_ns - c.offset_at_end(), c.capture_span->last_ns);
        if (window_first > window_last) {
            c.not_comparable = "the log and the capture do not overlap in time";
        }
    }

    std::sort(unpaired.begin(), unpaired.end(), [](const Unpaired& a, const Unpaired& b) {
        return a.capture_clock_ns < b.capture_clock_ns;
    });
    std::uint64_t credits = c.admitted_unlogged;
    for (Unpaired& u : unpaired) {
        Difference& d = u.difference;
        if (u.capture_clock_ns < window_first || u.capture_clock_ns > window_last) {
            d.kind = Kind::OutsideWindow;
            ++c.summary.outside_window;
        } else if (d.kind == Kind::OnlyInCapture && credits > 0 &&
                   d.capture->direction == Direction::Sent) {
            d.kind = Kind::NotLogged;
            --credits;
            ++c.summary.not_logged;
        } else {
            ++(d.kind == Kind::OnlyInLog ? c.summary.only_in_log : c.summary.only_in_capture);
            c.summary.extra_copies += d.copy_of ? 1 : 0;
        }
        c.differences.push_back(std::move(d));
    }
    // Writes the trace admits but logged nowhere may also lie just outside its span (sipp's
    // first buffered write comes before its first record).
    for (Difference& d : c.differences) {
        if (credits == 0) {
            break;
        }
        if (d.kind == Kind::OutsideWindow && d.capture && d.capture->direction == Direction::Sent &&
            d.capture->time_ns >= window_first - options.window_ns &&
            d.capture->time_ns <= window_last + options.window_ns) {
            d.kind = Kind::NotLogged;
            --credits;
            --c.summary.outside_window;
            ++c.summary.not_logged;
        }
    }
    for (std::vector<Difference>* paired : {&matcher.differing(), &steps.differences}) {
        for (Difference& d : *paired) {
            c.differences.push_back(std::move(d));
        }
    }
    std::stable_sort(
        c.differences.begin(), c.differences.end(),
        [](const Difference& a, const Difference& b) { return capture_time(a) < capture_time(b); });
    return c;
}

}  // namespace sipdiff::match
