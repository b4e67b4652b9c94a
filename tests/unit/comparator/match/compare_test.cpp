#include "match/compare.h"

#include <gtest/gtest.h>

#include "match/matcher.h"
#include "test_sources.h"

namespace sipdiff::match {
namespace {

using testing::client;
using testing::kSecond;
using testing::server;

constexpr std::int64_t kT0 = 1795483000LL * kSecond;

// A REGISTER / 401 exchange per call, one call every 100 ms, as the server logs it and as a
// capture at the server sees it (capture copies `skew` later).
struct Traffic {
    std::vector<Record> log, capture;

    void exchange(int call, std::int64_t t, std::int64_t skew = 20'000) {
        std::string id = "call-" + std::to_string(call);
        add(t, testing::sip_request(id, 1), client(), server(), Direction::Received, skew);
        add(t + 1'000'000, testing::sip_response(401, id, 1), server(), client(), Direction::Sent,
            skew);
    }
    void add(std::int64_t t, const std::string& bytes, Endpoint src, Endpoint dst, Direction d,
             std::int64_t skew) {
        log.push_back(testing::record(t, bytes, src, dst, d, log.size() * 10 + 1, true));
        capture.push_back(testing::record(t + skew, bytes, src, dst, Direction::Unknown,
                                          capture.size() + 1, false));
    }
    // Another capture of capture record `i`, `later` ns after it, as frame `frame`.
    void capture_again(std::size_t i, std::int64_t later, std::uint64_t frame) {
        Record again = capture[i];
        again.time_ns += later;
        again.origin.frame = frame;
        capture.push_back(std::move(again));
        sort_capture();
    }
    void sort_capture() {
        std::stable_sort(capture.begin(), capture.end(),
                         [](const Record& a, const Record& b) { return a.time_ns < b.time_ns; });
    }
    // A log like SIPp's: no addresses, only its direction.
    void drop_log_addresses() {
        for (Record& r : log) {
            r.src = Endpoint{};
            r.dst = Endpoint{};
        }
    }
    static Traffic calls(int n) {
        Traffic tr;
        for (int i = 0; i < n; ++i) {
            tr.exchange(i, kT0 + i * kSecond / 10);
        }
        return tr;
    }
};

Comparison run(Traffic& tr, CompareOptions options = {}, const logs::TraceGaps* gaps = nullptr) {
    testing::VectorSource log(tr.log), capture(tr.capture);
    return compare(log, capture, options, gaps);
}

TEST(Compare, IdenticalTracesAgree) {
    Traffic tr = Traffic::calls(20);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 40u);
    EXPECT_EQ(c.summary.differing + c.summary.only_in_log + c.summary.only_in_capture, 0u);
    EXPECT_EQ(c.exit_status(false), 0);
    EXPECT_EQ(c.estimate.offset_ns, -20'000);
    EXPECT_EQ(c.scope_basis, Scope::Basis::TraceAddresses);
    EXPECT_EQ(c.scope_endpoints, std::vector<std::string>{"10.0.0.1:5060"});
    EXPECT_EQ(c.offsets.count(), 40u);
}

TEST(Compare, DroppedLogRecordIsOnlyInCapture) {
    Traffic tr = Traffic::calls(10);
    tr.log.erase(tr.log.begin() + 7);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 19u);
    EXPECT_EQ(c.summary.only_in_capture, 1u);
    ASSERT_EQ(c.differences.size(), 1u);
    EXPECT_EQ(c.differences[0].kind, Kind::OnlyInCapture);
    EXPECT_EQ(c.differences[0].capture->origin.frame, 8u);
    EXPECT_EQ(c.differences[0].capture->direction, Direction::Sent);
    EXPECT_EQ(c.exit_status(false), 1);
}

TEST(Compare, LogMessagesOverTlsAreCountedNotCompared) {
    Traffic tr = Traffic::calls(10);
    // Calls 3 and 6 went over TLS: the sniffer saw only their encrypted bytes.
    std::vector<Record> capture;
    for (std::size_t i = 0; i < tr.log.size(); ++i) {
        const bool tls = i / 2 == 3 || i / 2 == 6;
        if (tls) {
            tr.log[i].transport = i / 2 == 3 ? Transport::Tls : Transport::Wss;
        } else {
            capture.push_back(tr.capture[i]);
        }
    }
    tr.capture = capture;
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 16u);
    EXPECT_EQ(c.summary.encrypted, 4u);
    EXPECT_EQ(c.summary.log_records, 20u);
    EXPECT_EQ(c.summary.only_in_log + c.summary.only_in_capture + c.summary.outside_window, 0u);
    EXPECT_TRUE(c.not_comparable.empty());
    EXPECT_EQ(c.exit_status(false), 0);
}

TEST(Compare, ALogAllOverTlsCannotBeCompared) {
    Traffic tr = Traffic::calls(3);
    for (Record& r : tr.log) {
        r.transport = Transport::Tls;
    }
    tr.capture.clear();
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.encrypted, 6u);
    EXPECT_EQ(c.not_comparable,
              "every message of the log went over TLS or WSS, which a capture holds encrypted");
    EXPECT_EQ(c.exit_status(false), 2);
}

// Wireshark's PDU export shows TLS and WSS in clear: those log records are compared, and one
// the export lacks is only in the log.
TEST(Compare, ADecryptedCaptureComparesTlsRecords) {
    Traffic tr = Traffic::calls(3);
    for (std::size_t i = 0; i < tr.log.size(); ++i) {
        tr.log[i].transport = i % 2 == 0 ? Transport::Tls : Transport::Wss;
        tr.capture[i].transport = Transport::Tcp;
    }
    CompareOptions decrypted;
    decrypted.capture_decrypted = true;
    Comparison c = run(tr, decrypted);
    EXPECT_EQ(c.summary.matched, 6u);
    EXPECT_EQ(c.summary.encrypted, 0u);
    EXPECT_EQ(c.exit_status(false), 0);

    tr.capture.erase(tr.capture.begin() + 2);
    c = run(tr, decrypted);
    EXPECT_EQ(c.summary.matched, 5u);
    EXPECT_EQ(c.summary.only_in_log, 1u);
    EXPECT_EQ(c.summary.encrypted, 0u);
    EXPECT_EQ(c.exit_status(false), 1);
}

TEST(Compare, MissingCaptureFrameIsOnlyInLog) {
    Traffic tr = Traffic::calls(10);
    tr.capture.erase(tr.capture.begin() + 4);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.only_in_log, 1u);
    ASSERT_EQ(c.differences.size(), 1u);
    EXPECT_EQ(c.differences[0].log->origin.line, 41u);
}

TEST(Compare, RewrittenContactIsDiffering) {
    Traffic tr = Traffic::calls(5);
    std::string& b = tr.capture[4].bytes;
    b.replace(b.find("10.0.0.2:5061>"), 14, "192.0.2.9:40000>");
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 9u);
    EXPECT_EQ(c.summary.differing, 1u);
    ASSERT_EQ(c.differences.size(), 1u);
    EXPECT_EQ(c.differences[0].kind, Kind::Differing);
    EXPECT_EQ(c.differences[0].diff.changed_headers, std::vector<std::string>{"Contact"});
    EXPECT_EQ(c.differences[0].capture->origin.frame, 5u);
}

TEST(Compare, RetransmissionsPairInOrderAndExtraCopiesAreNamed) {
    Traffic tr = Traffic::calls(20);
    // The 401 of call 1 retransmitted twice; the log holds only one retransmission.
    std::string retrans = tr.log[3].bytes;
    std::int64_t t = tr.log[3].time_ns;
    tr.add(t + kSecond / 2, retrans, server(), client(), Direction::Sent, 20'000);
    tr.capture.push_back(testing::record(t + kSecond + 20'000, retrans, server(), client(),
                                         Direction::Unknown, 99, false));
    std::sort(tr.log.begin(), tr.log.end(),
              [](const Record& a, const Record& b) { return a.time_ns < b.time_ns; });
    std::sort(tr.capture.begin(), tr.capture.end(),
              [](const Record& a, const Record& b) { return a.time_ns < b.time_ns; });
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 41u);
    EXPECT_EQ(c.summary.only_in_capture, 1u);
    EXPECT_EQ(c.summary.extra_copies, 1u);
    ASSERT_EQ(c.differences.size(), 1u);
    EXPECT_EQ(c.differences[0].capture->origin.frame, 99u);
    ASSERT_TRUE(c.differences[0].copy_of);
}

TEST(Compare, ClockOffsetIsEstimatedAndReported) {
    Traffic tr = Traffic::calls(10);
    for (Record& r : tr.log) {
        r.time_ns += 3600 * kSecond;  // a log written one hour ahead
    }
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 20u);
    EXPECT_EQ(c.estimate.offset_ns, 3600 * kSecond - 20'000);
    EXPECT_EQ(c.estimate.samples, 20u);
}

TEST(Compare, CaptureStartingLateLeavesLogRecordsOutsideTheWindow) {
    Traffic tr = Traffic::calls(30);
    tr.capture.erase(tr.capture.begin(), tr.capture.begin() + 10);  // first 0.5 s not captured
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 50u);
    EXPECT_EQ(c.summary.outside_window, 10u);
    EXPECT_EQ(c.summary.only_in_log, 0u);
    EXPECT_EQ(c.exit_status(false), 0);
    EXPECT_EQ(c.exit_status(true), 1);
}

// The trace switched on long after the sniffer (more than the match window): the earlier
// capture messages are the server's too, outside the window, not out of scope.
TEST(Compare, LogStartingLongAfterTheCaptureLeavesCaptureRecordsOutsideTheWindow) {
    Traffic tr = Traffic::calls(100);  // 10 s of calls; the first 8 s are not in the log
    tr.log.erase(tr.log.begin(), tr.log.begin() + 160);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 40u);
    EXPECT_EQ(c.summary.outside_window, 160u);
    EXPECT_EQ(c.summary.out_of_scope, 0u);
    EXPECT_EQ(c.exit_status(true), 1);
}

// A sniffer running long before the trace was switched on, on a clock a minute apart: the first
// records of each side have nothing in common, so the heads grow until they do.
TEST(Compare, HeadsGrowUntilTheyShareAMessage) {
    Traffic tr;
    for (int i = 0; i < 100; ++i) {
        tr.exchange(i, kT0 + i * kSecond / 10, 60 * kSecond);
    }
    tr.log.erase(tr.log.begin(), tr.log.begin() + 160);  // the trace starts at call 80
    CompareOptions small;
    small.head_records = 16;
    small.max_head_records = 16;
    Comparison fixed = run(tr, small);
    // Heads that cannot grow hold no pair: the offset then comes from what is left unpaired.
    EXPECT_EQ(fixed.estimate.offset_ns, -60 * kSecond);
    EXPECT_EQ(fixed.estimate.samples, 40u);
    EXPECT_TRUE(fixed.phases.empty());
    EXPECT_EQ(fixed.summary.matched, 40u);
    EXPECT_EQ(fixed.summary.outside_window, 160u);
    small.max_head_records = 512;
    Comparison grown = run(tr, small);
    EXPECT_GT(grown.estimate.samples, 0u);
    EXPECT_EQ(grown.estimate.offset_ns, -60 * kSecond);
    EXPECT_EQ(grown.summary.matched, 40u);
    EXPECT_EQ(grown.summary.outside_window, 160u);
    EXPECT_EQ(grown.summary.only_in_log + grown.summary.only_in_capture, 0u);
}

// The server's clock stepped `step` at log record `from` (an NTP correction): that record and
// the ones after it carry times `step` later.
void step_log_clock(Traffic& tr, std::size_t from, std::int64_t step) {
    for (std::size_t i = from; i < tr.log.size(); ++i) {
        tr.log[i].time_ns += step;
    }
}

TEST(Compare, AClockStepBeyondTheWindowIsFollowedAndReported) {
    Traffic tr = Traffic::calls(30);  // 60 messages, 20 us capture skew
    step_log_clock(tr, 24, 40 * kSecond);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 60u);
    EXPECT_EQ(c.summary.only_in_log + c.summary.only_in_capture + c.summary.outside_window, 0u);
    EXPECT_EQ(c.exit_status(false), 0);
    ASSERT_EQ(c.phases.size(), 2u);
    EXPECT_EQ(c.phases[0].estimate.offset_ns, -20'000);
    EXPECT_EQ(c.phases[0].offsets.count(), 24u);
    EXPECT_EQ(c.phases[0].offsets.last_ns(), tr.capture[23].time_ns);
    EXPECT_EQ(c.phases[1].estimate.offset_ns, 40 * kSecond - 20'000);
    EXPECT_EQ(c.phases[1].offsets.count(), 36u);
    EXPECT_EQ(c.phases[1].offsets.first_ns(), tr.capture[24].time_ns);
    EXPECT_EQ(c.phases[1].first_log.line, tr.log[24].origin.line);
    EXPECT_EQ(c.phases[1].first_capture.frame, tr.capture[24].origin.frame);
    EXPECT_EQ(c.offset_at_start(), -20'000);
    EXPECT_EQ(c.offset_at_end(), 40 * kSecond - 20'000);
}

TEST(Compare, AClockStepBackwardsIsFollowedToo) {
    Traffic tr = Traffic::calls(30);
    step_log_clock(tr, 36, -40 * kSecond);  // the log's times now run backwards at record 36
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 60u);
    EXPECT_EQ(c.summary.only_in_log + c.summary.only_in_capture + c.summary.outside_window, 0u);
    ASSERT_EQ(c.phases.size(), 2u);
    EXPECT_EQ(c.phases[0].estimate.offset_ns, -20'000);
    EXPECT_EQ(c.phases[1].estimate.offset_ns, -40 * kSecond - 20'000);
    EXPECT_EQ(c.phases[1].first_log.line, tr.log[36].origin.line);
}

TEST(Compare, AClockStepWithinTheWindowNeedsNoPhases) {
    Traffic tr = Traffic::calls(30);
    step_log_clock(tr, 24, 2 * kSecond);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 60u);
    EXPECT_TRUE(c.phases.empty());
}

TEST(Compare, MessagesAfterAStepThatHaveNoCopyAreTimedAtTheNewOffset) {
    Traffic tr = Traffic::calls(30);
    step_log_clock(tr, 24, 40 * kSecond);
    tr.capture.erase(tr.capture.begin() + 40);  // the 401 of call 20, after the step
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 59u);
    EXPECT_EQ(c.summary.only_in_log, 1u);
    EXPECT_EQ(c.summary.outside_window, 0u);
    ASSERT_EQ(c.differences.size(), 1u);
    const Difference& d = c.differences[0];
    EXPECT_EQ(d.log->origin.line, tr.log[40].origin.line);
    EXPECT_EQ(d.clock_offset_ns, 40 * kSecond - 20'000);
    EXPECT_EQ(c.exit_status(false), 1);
}

TEST(Compare, ExtraCopiesStayExtraCopiesAcrossAClockStep) {
    Traffic tr = Traffic::calls(30);
    tr.capture_again(3, kSecond / 2, 99);  // a retransmission only the sniffer saw, before
    step_log_clock(tr, 24, 40 * kSecond);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 60u);
    EXPECT_EQ(c.summary.only_in_capture, 1u);
    EXPECT_EQ(c.summary.extra_copies, 1u);
    ASSERT_EQ(c.differences.size(), 1u);
    EXPECT_EQ(c.differences[0].capture->origin.frame, 99u);
    EXPECT_TRUE(c.differences[0].copy_of);
    EXPECT_EQ(c.phases.size(), 2u);
}

TEST(Compare, PacketsSeenTwiceStaySeenTwiceAcrossAClockStep) {
    Traffic tr = Traffic::calls(30);
    tr.capture_again(3, 1'000'000, 98);  // the sniffer saw frame 4 again 1 ms later
    step_log_clock(tr, 24, 40 * kSecond);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 60u);
    EXPECT_EQ(c.summary.sniffed_twice, 1u);
    EXPECT_TRUE(c.differences.empty());
}

// A server clock running 500 ppm fast over 5.5 hours: 10 s off at the end, twice the match
// window. The offset estimated at the start is followed, so every message still pairs.
TEST(Compare, ADriftingClockIsFollowedAndMeasured) {
    Traffic tr;
    for (int i = 0; i < 2000; ++i) {
        tr.exchange(i, kT0 + i * 10 * kSecond);
    }
    for (Record& r : tr.log) {
        r.time_ns += (r.time_ns - kT0) / 2000;  // 500 ppm
    }
    CompareOptions options;
    options.head_records = 64;  // the estimate comes from the first 6 minutes
    Comparison c = run(tr, options);
    EXPECT_EQ(c.summary.matched, 4000u);
    EXPECT_EQ(c.summary.only_in_log + c.summary.only_in_capture + c.summary.outside_window, 0u);
    EXPECT_TRUE(c.phases.empty());
    std::optional<Drift> d = c.offsets.drift();
    ASSERT_TRUE(d);
    EXPECT_NEAR(d->ppm, 500, 1);
    EXPECT_NEAR(static_cast<double>(c.offset_at_end()), 10.0 * kSecond, 0.01 * kSecond);
}

TEST(Compare, ALoneMessageFarAwayIsNotTakenForAClockStep) {
    Traffic tr = Traffic::calls(30);
    tr.log[50].time_ns += 100 * kSecond;  // one record stamped wrongly: no step
    std::stable_sort(tr.log.begin(), tr.log.end(),
                     [](const Record& a, const Record& b) { return a.time_ns < b.time_ns; });
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 59u);
    EXPECT_TRUE(c.phases.empty());
    EXPECT_EQ(c.summary.only_in_capture, 1u);
    EXPECT_EQ(c.summary.only_in_log + c.summary.outside_window, 1u);
}

TEST(Compare, LateLogWithoutAddressesLearnsItsEndpointFromTheHeads) {
    Traffic tr = Traffic::calls(100);
    tr.drop_log_addresses();
    tr.log.erase(tr.log.begin(), tr.log.begin() + 160);
    Comparison c = run(tr);
    EXPECT_EQ(c.scope_basis, Scope::Basis::CaptureContent);
    EXPECT_EQ(c.summary.matched, 40u);
    EXPECT_EQ(c.summary.outside_window, 160u);
    EXPECT_EQ(c.summary.out_of_scope, 0u);
}

// A sniffer outside the server's NAT: the capture names the server by its public address.
TEST(Compare, ServerBehindANatPairsAndIsReported) {
    Traffic tr = Traffic::calls(10);
    const Endpoint public_server{"203.0.113.5", 5060};
    for (Record& r : tr.capture) {
        (r.src.ip == server().ip && r.src.port == server().port ? r.src : r.dst) = public_server;
    }
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 20u);
    EXPECT_EQ(c.summary.out_of_scope, 0u);
    EXPECT_EQ(c.exit_status(false), 0);
    ASSERT_EQ(c.translations.size(), 1u);
    EXPECT_EQ(to_string(c.translations[0].trace), "10.0.0.1:5060");
    EXPECT_EQ(to_string(c.translations[0].capture), "203.0.113.5:5060");
}

// A capture on two interfaces holds every packet twice, microseconds apart. The second sights
// are not extra copies, and the clock is still estimated.
TEST(Compare, PacketsTheSnifferSawTwiceAreNotDifferences) {
    Traffic tr = Traffic::calls(10);
    for (std::size_t i = 0; i < 20; ++i) {
        tr.capture_again(2 * i, 3'000, 1000 + i);  // the originals are at even places then
    }
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 20u);
    EXPECT_EQ(c.summary.sniffed_twice, 20u);
    EXPECT_EQ(c.summary.only_in_capture + c.summary.extra_copies, 0u);
    EXPECT_EQ(c.exit_status(true), 0);
    EXPECT_EQ(c.estimate.samples, 20u);
    EXPECT_TRUE(c.differences.empty());
}

TEST(Compare, ALogThatHasBothCopiesPairsBoth) {
    Traffic tr = Traffic::calls(1);
    tr.capture_again(0, 3'000, 99);
    Record logged_again = tr.log[0];
    logged_again.time_ns += 3'000;
    tr.log.insert(tr.log.begin() + 1, logged_again);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 3u);
    EXPECT_EQ(c.summary.sniffed_twice, 0u);
}

// A retransmission T1 later is an extra copy the log lacks, not a second sight.
TEST(Compare, ARetransmissionIsNotASecondSight) {
    Traffic tr = Traffic::calls(10);
    tr.capture_again(0, kSecond / 2, 99);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 20u);
    EXPECT_EQ(c.summary.sniffed_twice, 0u);
    EXPECT_EQ(c.summary.only_in_capture, 1u);
    EXPECT_EQ(c.summary.extra_copies, 1u);
}

TEST(Compare, OutOfScopeCaptureTrafficIsCountedNotCompared) {
    Traffic tr = Traffic::calls(5);
    tr.capture.push_back(testing::record(kT0 + kSecond / 5, testing::sip_request("other", 1),
                                         {"10.9.9.9", 5060}, {"10.9.9.8", 5060}, Direction::Unknown,
                                         50, false));
    tr.sort_capture();
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.out_of_scope, 1u);
    EXPECT_EQ(c.exit_status(false), 0);
}

TEST(Compare, ServerOptionNarrowsTheScope) {
    Traffic tr = Traffic::calls(5);
    CompareOptions o;
    o.servers.push_back(*parse_endpoint_pattern("10.0.0.77:5060"));
    Comparison c = run(tr, o);
    EXPECT_EQ(c.scope_basis, Scope::Basis::Option);
    EXPECT_EQ(c.summary.matched, 10u);  // pairs need no scope; unpaired ones do
}

TEST(Compare, LogWithoutAddressesLearnsItsEndpointAndAdmittedGaps) {
    Traffic tr = Traffic::calls(10);
    tr.drop_log_addresses();
    for (Record& r : tr.log) {
        r.direction = r.direction == Direction::Received ? Direction::Sent : Direction::Received;
    }
    // From the client's point of view now: its REGISTERs are sent. Two of them were not logged.
    tr.log.erase(tr.log.begin() + 10);
    tr.log.erase(tr.log.begin() + 6);
    logs::TraceGaps gaps;
    gaps.unlogged_sent = 2;
    Comparison c = run(tr, {}, &gaps);
    EXPECT_EQ(c.scope_basis, Scope::Basis::CaptureContent);
    EXPECT_EQ(c.scope_endpoints, std::vector<std::string>{"10.0.0.2:5061"});
    EXPECT_EQ(c.summary.matched, 18u);
    EXPECT_EQ(c.summary.not_logged, 2u);
    EXPECT_EQ(c.summary.only_in_capture, 0u);
    EXPECT_EQ(c.exit_status(false), 0);
}

TEST(Compare, DirectionMustAgreeWhenKnown) {
    Traffic tr = Traffic::calls(1);
    tr.capture[0].src = server();
    tr.capture[0].dst = client();  // same bytes, opposite direction
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 1u);
    EXPECT_EQ(c.summary.only_in_log, 1u);
    EXPECT_EQ(c.summary.only_in_capture, 1u);
}

TEST(Compare, InputsThatDoNotOverlapCannotBeCompared) {
    Traffic a = Traffic::calls(5);
    Traffic b;
    for (int i = 0; i < 5; ++i) {
        b.exchange(100 + i, kT0 - 86400 * kSecond + i * kSecond);  // the day before
    }
    testing::VectorSource log(b.log), capture(a.capture);
    Comparison c = compare(log, capture, {}, nullptr);
    EXPECT_EQ(c.exit_status(false), 2);
    EXPECT_NE(c.not_comparable.find("do not overlap"), std::string::npos);
}

TEST(Compare, EmptyInputsCannotBeCompared) {
    Traffic tr = Traffic::calls(2);
    testing::VectorSource empty({}), capture(tr.capture);
    EXPECT_EQ(compare(empty, capture, {}, nullptr).exit_status(false), 2);
    testing::VectorSource log(tr.log), none({});
    EXPECT_EQ(compare(log, none, {}, nullptr).exit_status(false), 2);
}

// A capture taken with a small snapshot length holds only the start of each message.
void cut_capture(Traffic& tr, std::size_t keep) {
    for (Record& r : tr.capture) {
        if (r.bytes.size() > keep) {
            r.full_size = static_cast<std::uint32_t>(r.bytes.size());
            r.bytes.resize(keep);
        }
    }
}

TEST(Compare, MessagesCutShortPairByIdentityAndDoNotAgree) {
    Traffic tr = Traffic::calls(10);
    const std::size_t keep = tr.log[0].bytes.find("Contact:");  // Call-ID and CSeq are held
    cut_capture(tr, keep);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.cut_short, 20u);
    EXPECT_EQ(c.summary.capture_records_cut, 20u);
    EXPECT_EQ(
        c.summary.matched + c.summary.differing + c.summary.only_in_log + c.summary.only_in_capture,
        0u);
    EXPECT_EQ(c.exit_status(false), 1);  // not proven to agree
    EXPECT_EQ(c.estimate.samples, 20u);  // the cut copies still give the clock offset
    ASSERT_EQ(c.differences.size(), 20u);
    EXPECT_EQ(c.differences[0].kind, Kind::CutShort);
    EXPECT_EQ(c.differences[0].capture->size, keep);
    EXPECT_EQ(c.differences[0].capture->full_size, tr.log[0].bytes.size());
    EXPECT_EQ(c.differences[0].capture->call_id, "call-0");
}

TEST(Compare, MessagesCutBeforeTheirIdentityPairBySizeAndStart) {
    Traffic tr = Traffic::calls(10);
    cut_capture(tr, 40);  // not even the whole Via line
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.cut_short, 20u);
    EXPECT_EQ(c.summary.only_in_log + c.summary.only_in_capture, 0u);
    ASSERT_EQ(c.differences.size(), 20u);
    for (std::size_t i = 0; i < c.differences.size(); ++i) {
        ASSERT_TRUE(c.differences[i].log && c.differences[i].capture);
        EXPECT_EQ(c.differences[i].capture->origin.frame, i + 1);  // each with its own copy
        EXPECT_EQ(c.differences[i].log->origin.line, i * 10 + 1);
    }
}

TEST(Compare, ACutCopyThatDiffersInWhatItHoldsIsDiffering) {
    Traffic tr = Traffic::calls(5);
    Record& r = tr.capture[4];
    r.bytes.replace(r.bytes.find("10.0.0.2:5061>"), 14, "192.0.2.9:40000>");
    const std::size_t keep = r.bytes.find("Content-Length");  // Contact held, the rest cut
    r.full_size = static_cast<std::uint32_t>(r.bytes.size());
    r.bytes.resize(keep);
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 9u);
    EXPECT_EQ(c.summary.differing, 1u);
    ASSERT_EQ(c.differences.size(), 1u);
    const Difference& d = c.differences[0];
    EXPECT_EQ(d.diff.changed_headers, std::vector<std::string>{"Contact"});
    ASSERT_FALSE(d.diff.notes.empty());
    EXPECT_NE(d.diff.notes[0].find("capture copy cut by the snapshot length"), std::string::npos);
    EXPECT_NE(d.diff.notes.back().find("bytes in the trace and"), std::string::npos);
}

TEST(Matcher, MemoryIsBoundedByTheWindow) {
    Scope scope(Scope::Basis::Everything);
    Matcher m(MatchSettings{0, kSecond}, scope);
    std::size_t most = 0;
    sip::Message scratch;
    for (int i = 0; i < 20000; ++i) {
        std::int64_t t = kT0 + i * kSecond / 100;  // 100 messages/s, none with a partner
        Record r = testing::record(t, testing::sip_request("l" + std::to_string(i), 1), client(),
                                   server(), Direction::Received, 1, true);
        std::uint64_t key = record_key(r, scratch);
        m.add_log(KeyedRecord{std::move(r), key});
        most = std::max(most, m.waiting());
    }
    EXPECT_LE(most, 102u);
    m.finish();
    EXPECT_EQ(m.waiting(), 0u);
    EXPECT_EQ(m.unpaired().size(), 20000u);
}

TEST(Matcher, RecordsSlightlyOutOfOrderStillPair) {
    Traffic tr = Traffic::calls(4);
    std::swap(tr.log[2], tr.log[3]);
    ASSERT_GT(tr.log[2].time_ns, tr.log[3].time_ns);  // queue order, not time order
    Comparison c = run(tr);
    EXPECT_EQ(c.summary.matched, 8u);
}

}  // namespace
}  // namespace sipdiff::match
