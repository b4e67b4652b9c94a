#include "match/read_ahead.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "match/batch_test_sources.h"

namespace sipdiff::match {
namespace {

using namespace testing_batches;

TEST(ReadAhead, GivesWhatInlineKeysGivesAcrossManyBatches) {
    Events inline_events, ahead_events;
    std::vector<std::uint64_t> inline_keys, ahead_keys;
    {
        EventSink sink(inline_events);
        DamagedSource source(sink, 3000, 7);
        InlineKeys keyed(source);
        drain(keyed, inline_events, &inline_keys);
    }
    {
        EventSink sink(ahead_events);
        ProblemRelay relay(sink);
        DamagedSource source(relay, 3000, 7);
        ReadAhead ahead(source, relay);
        drain(ahead, ahead_events, &ahead_keys);
    }
    ASSERT_EQ(inline_events.size(), 3000u + 3000u / 7 + 1 + 1);
    EXPECT_EQ(ahead_events, inline_events);  // problems land just before the same records
    EXPECT_EQ(ahead_keys, inline_keys);
    EXPECT_EQ(inline_events.back(), "problem the end");
}

TEST(ReadAhead, RecordsRetiredWhileReadingDoNotDisturbIt) {
    Events events;
    EventSink sink(events);
    ProblemRelay relay(sink);
    DamagedSource source(relay, 5000, 1000);
    ReadAhead ahead(source, relay);
    KeyedRecord r;
    std::uint64_t n = 0;
    while (ahead.next(r)) {
        EXPECT_EQ(r.record.origin.line, n++);
        ahead.retire(std::move(r.record));  // freed on the reading thread, or here at the end
    }
    EXPECT_EQ(n, 5000u);
    EXPECT_EQ(events.size(), 5u + 1u);
}

TEST(ReadAhead, ProblemsBeforeReadingStartsGoStraightToTheSink) {
    Events events;
    EventSink sink(events);
    ProblemRelay relay(sink);
    relay.report(Problem{Origin{"trace", 1, 0}, "while opening"});
    ASSERT_EQ(events, Events{"problem while opening"});
}

TEST(ReadAhead, AnExceptionOfTheSourceReachesTheReaderAfterTheRecordsBeforeIt) {
    Events events;
    EventSink sink(events);
    ProblemRelay relay(sink);
    DamagedSource source(relay, 2000, 1000, 1500);
    ReadAhead ahead(source, relay);
    EXPECT_THROW(drain(ahead, events), std::runtime_error);
    ASSERT_EQ(events.size(), 1500u + 2);
    EXPECT_EQ(events.back(), "record 1499");
}

TEST(ReadAhead, StopsWhenDroppedInTheMiddleOfTheInput) {
    Events events;
    EventSink sink(events);
    ProblemRelay relay(sink);
    DamagedSource source(relay, 1'000'000, 1000);
    {
        ReadAhead ahead(source, relay);
        KeyedRecord r;
        ASSERT_TRUE(ahead.next(r));
    }  // must not wait for the million records
    relay.report(Problem{Origin{"trace", 1, 0}, "after"});
    EXPECT_EQ(events.back(), "problem after");
}

}  // namespace
}  // namespace sipdiff::match
