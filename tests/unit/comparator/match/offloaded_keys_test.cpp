#include "match/offloaded_keys.h"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "match/batch_test_sources.h"
#include "match/read_ahead.h"

namespace sipdiff::match {
namespace {

using namespace testing_batches;

struct Drained {
    Events events;
    std::vector<std::uint64_t> keys;
};

Drained inline_reading(int n, int every) {
    Drained d;
    EventSink sink(d.events);
    DamagedSource source(sink, n, every);
    InlineKeys keyed(source);
    drain(keyed, d.events, &d.keys);
    return d;
}

TEST(OffloadedKeys, GivesWhatInlineKeysGivesWhileTheKeyerReadsItsOwnSource) {
    const Drained inline_trace = inline_reading(3000, 7);
    const Drained inline_capture = inline_reading(2500, 5);
    Drained trace, capture;
    {
        EventSink trace_sink(trace.events), capture_sink(capture.events);
        ProblemRelay trace_relay(trace_sink), capture_relay(capture_sink);
        DamagedSource trace_source(trace_relay, 3000, 7), capture_source(capture_relay, 2500, 5);
        ReadAhead keyer(capture_source, capture_relay);
        OffloadedKeys offloaded(trace_source, trace_relay, keyer);
        // Alternately, as the matcher takes them: both streams progress side by side.
        KeyedRecord r;
        bool trace_left = true, capture_left = true;
        while (trace_left || capture_left) {
            if (trace_left && (trace_left = offloaded.next(r))) {
                trace.events.push_back("record " + std::to_string(r.record.origin.line));
                trace.keys.push_back(r.key);
            }
            if (capture_left && (capture_left = keyer.next(r))) {
                capture.events.push_back("record " + std::to_string(r.record.origin.line));
                capture.keys.push_back(r.key);
            }
        }
    }
    ASSERT_EQ(inline_trace.events.size(), 3000u + 3000u / 7 + 1 + 1);
    EXPECT_EQ(trace.events, inline_trace.events);  // problems land just before the same records
    EXPECT_EQ(trace.keys, inline_trace.keys);
    EXPECT_EQ(capture.events, inline_capture.events);
    EXPECT_EQ(capture.keys, inline_capture.keys);
}

// What the trace's reader and the keyer's own reader each see.
struct Sides {
    Drained got;
    Events capture_events;
    EventSink sink{got.events}, capture_sink{capture_events};
    ProblemRelay relay{sink}, capture_relay{capture_sink};
};

TEST(OffloadedKeys, KeysAfterTheKeyersOwnSourceEnded) {
    const Drained expected = inline_reading(2000, 300);
    Sides sides;
    Drained& got = sides.got;
    Events& capture_events = sides.capture_events;
    DamagedSource source(sides.relay, 2000, 300), capture_source(sides.capture_relay, 3, 1);
    ReadAhead keyer(capture_source, sides.capture_relay);
    drain(keyer, capture_events);
    ASSERT_EQ(capture_events.size(), 3u + 3u + 1u);
    OffloadedKeys offloaded(source, sides.relay, keyer);
    drain(offloaded, got.events, &got.keys);
    EXPECT_EQ(got.events, expected.events);
    EXPECT_EQ(got.keys, expected.keys);
}

// Holds up whoever reads it until released: a keyer stuck in a slow read of its own.
class StuckSource : public RecordSource {
  public:
    bool next(Record&) override {
        released_.wait();
        return false;
    }
    void release() { release_.set_value(); }

  private:
    std::promise<void> release_;
    std::shared_future<void> released_ = release_.get_future().share();
};

TEST(OffloadedKeys, KeysItselfWhatTheKeyerHasNotStartedOn) {
    const Drained expected = inline_reading(3000, 7);
    Sides sides;
    Drained& got = sides.got;
    DamagedSource source(sides.relay, 3000, 7);
    StuckSource stuck;
    ReadAhead keyer(stuck, sides.capture_relay);
    {
        OffloadedKeys offloaded(source, sides.relay, keyer);
        drain(offloaded, got.events, &got.keys);  // would never end if it waited for the keyer
    }
    stuck.release();
    EXPECT_EQ(got.events, expected.events);
    EXPECT_EQ(got.keys, expected.keys);
}

// Writes each message into the record's buffer as it finds it, as the sipdump reader does.
class AppendingSource : public RecordSource {
  public:
    explicit AppendingSource(int n) : n_(n) {}
    bool next(Record& out) override {
        if (i_ == n_) {
            return false;
        }
        out.bytes += "OPTIONS sip:" + std::string(static_cast<std::size_t>(i_ % 97), 'x') +
                     " SIP/2.0\r\n\r\n";
        out.origin = Origin{"trace", static_cast<std::uint64_t>(i_++), 0};
        return true;
    }

  private:
    int n_, i_ = 0;
};

TEST(OffloadedKeys, RecordsRetiredLendTheirBuffersWithoutTheirBytes) {
    Events events;
    EventSink sink(events);
    ProblemRelay relay(sink), capture_relay(sink);
    AppendingSource source(5000);
    DamagedSource capture_source(capture_relay, 10, 100);
    ReadAhead keyer(capture_source, capture_relay);
    OffloadedKeys offloaded(source, relay, keyer);
    KeyedRecord r;
    int n = 0;
    while (offloaded.next(r)) {
        ASSERT_EQ(r.record.bytes,
                  "OPTIONS sip:" + std::string(static_cast<std::size_t>(n % 97), 'x') +
                      " SIP/2.0\r\n\r\n");
        ++n;
        offloaded.retire(std::move(r.record));
    }
    EXPECT_EQ(n, 5000);
}

TEST(SpareBuffers, GivesBackEmptyBuffersThatKeepTheirRoom) {
    SpareBuffers spare;
    EXPECT_TRUE(spare.take().empty());
    std::string used(1000, 'a');
    spare.give(std::move(used));
    const std::string again = spare.take();
    EXPECT_TRUE(again.empty());
    EXPECT_GE(again.capacity(), 1000u);
    EXPECT_EQ(spare.take().capacity(), std::string().capacity());  // none left
}

TEST(OffloadedKeys, AnExceptionOfTheSourceReachesTheReaderAfterTheRecordsBeforeIt) {
    Events events, capture_events;
    EventSink sink(events), capture_sink(capture_events);
    ProblemRelay relay(sink), capture_relay(capture_sink);
    DamagedSource source(relay, 2000, 1000, 1500), capture_source(capture_relay, 10, 1);
    ReadAhead keyer(capture_source, capture_relay);
    OffloadedKeys offloaded(source, relay, keyer);
    EXPECT_THROW(drain(offloaded, events), std::runtime_error);
    ASSERT_EQ(events.size(), 1500u + 2);
    EXPECT_EQ(events.back(), "record 1499");
}

TEST(OffloadedKeys, GivesBackItsQueuedBatchesWhenDroppedInTheMiddleOfTheInput) {
    Events events, capture_events;
    EventSink sink(events), capture_sink(capture_events);
    ProblemRelay relay(sink), capture_relay(capture_sink);
    DamagedSource source(relay, 1'000'000, 1000), capture_source(capture_relay, 1'000'000, 1000);
    {
        ReadAhead keyer(capture_source, capture_relay);
        {
            OffloadedKeys offloaded(source, relay, keyer);
            KeyedRecord r;
            ASSERT_TRUE(offloaded.next(r));
            EXPECT_EQ(r.record.origin.line, 0u);
        }  // its batches still queued leave the keyer's queue before they are freed
        KeyedRecord r;
        ASSERT_TRUE(keyer.next(r));
    }  // neither waits for the million records
    relay.report(Problem{Origin{"trace", 1, 0}, "after"});
    EXPECT_EQ(events.back(), "problem after");
}

TEST(OffloadedKeys, AnEmptySourceEndsAtOnce) {
    Events events, capture_events;
    EventSink sink(events), capture_sink(capture_events);
    ProblemRelay relay(sink), capture_relay(capture_sink);
    DamagedSource source(relay, 0, 1), capture_source(capture_relay, 5, 1);
    ReadAhead keyer(capture_source, capture_relay);
    OffloadedKeys offloaded(source, relay, keyer);
    KeyedRecord r;
    EXPECT_FALSE(offloaded.next(r));
    EXPECT_FALSE(offloaded.next(r));
    EXPECT_EQ(events, Events{"problem the end"});
}

}  // namespace
}  // namespace sipdiff::match
