#include "capture/tcp_reassembly.h"

#include <gtest/gtest.h>

#include "bytes_builder.h"

namespace sipdiff::capture {
namespace {

using namespace testing;

TcpSegment segment(std::uint32_t seq, const std::string& data,
                   std::uint8_t flags = tcp_flag::kAck) {
    static std::vector<std::string> keep;  // payload bytes must outlive the segment
    keep.push_back(data);
    TcpSegment s;
    s.src_port = 5063;
    s.dst_port = 5060;
    s.seq = seq;
    s.flags = flags;
    s.payload = ByteSpan(std::string_view(keep.back()));
    return s;
}

// Feeds segments to one stream and collects what comes out.
struct StreamHarness {
    TcpStream stream{1 << 20};
    std::string data;
    std::vector<TcpChunk> last;

    explicit StreamHarness(std::size_t limit = 1 << 20) : stream(limit) {}
    void add(const TcpSegment& s, std::uint64_t frame = 0) {
        last.clear();
        stream.add(s, frame, 0, last);
        for (const TcpChunk& c : last) {
            if (c.gap_before > 0) {
                data += "<gap " + std::to_string(c.gap_before) + ">";
            }
            data += std::string(c.bytes.chars());
        }
    }
    void flush() {
        last.clear();
        stream.flush(last);
        for (const TcpChunk& c : last) {
            if (c.gap_before > 0) {
                data += "<gap " + std::to_string(c.gap_before) + ">";
            }
            data += std::string(c.bytes.chars());
        }
    }
};

TEST(TcpStream, InOrderAfterSyn) {
    StreamHarness h;
    h.add(segment(1000, "", tcp_flag::kSyn));
    h.add(segment(1001, "hello "));
    h.add(segment(1007, "world"));
    EXPECT_EQ(h.data, "hello world");
    EXPECT_EQ(h.stream.next_seq(), 1012u);
}

// A segment the snapshot length cut: what it holds comes out, the rest is a gap at once, and a
// later copy of the cut bytes is a retransmission of what was skipped.
TEST(TcpStream, CutSegmentLeavesAGapAtOnce) {
    StreamHarness h;
    TcpSegment cut = segment(1, "abc");
    cut.missing = 4;  // "defg" not captured
    h.add(cut);
    EXPECT_EQ(h.data, "abc");
    EXPECT_EQ(h.stream.next_seq(), 8u);
    h.add(segment(8, "hij"));
    EXPECT_EQ(h.data, "abc<gap 4>hij");
    h.add(segment(4, "defg"));
    EXPECT_EQ(h.data, "abc<gap 4>hij");
    EXPECT_EQ(h.stream.held_bytes(), 0u);
    // Cut off at the very end: flush() tells it with an empty chunk.
    TcpSegment last = segment(11, "kl");
    last.missing = 5;
    h.add(last);
    EXPECT_EQ(h.stream.untold_gap(), 5u);
    h.flush();
    EXPECT_EQ(h.data, "abc<gap 4>hijkl<gap 5>");
    ASSERT_EQ(h.last.size(), 1u);
    EXPECT_TRUE(h.last[0].gap_is_cut);
    EXPECT_EQ(h.last[0].bytes.size, 0u);
}

TEST(TcpStream, AHoleSkippedIsNotACut) {
    StreamHarness h(4);
    h.add(segment(1, "ab"));
    h.add(segment(10, "cdefg"));  // more than 4 bytes held: the hole is skipped
    EXPECT_EQ(h.data, "ab<gap 7>cdefg");
    ASSERT_EQ(h.last.size(), 1u);
    EXPECT_FALSE(h.last[0].gap_is_cut);
}

TEST(TcpStream, StartsMidStreamWithoutSyn) {
    StreamHarness h;
    h.add(segment(5555, "abc"));
    h.add(segment(5558, "def"));
    EXPECT_EQ(h.data, "abcdef");
}

TEST(TcpStream, OutOfOrderHeldUntilTheHoleFills) {
    StreamHarness h;
    h.add(segment(100, "", tcp_flag::kSyn));
    h.add(segment(101, "AAAA"), 1);
    h.add(segment(109, "CCCC"), 2);
    h.add(segment(113, "DDDD"), 3);
    EXPECT_EQ(h.data, "AAAA");
    EXPECT_EQ(h.stream.held_bytes(), 8u);
    h.add(segment(105, "BBBB"), 4);
    EXPECT_EQ(h.data, "AAAABBBBCCCCDDDD");
    EXPECT_EQ(h.stream.held_bytes(), 0u);
    // Everything released by frame 4 is reported at frame 4.
    ASSERT_EQ(h.last.size(), 3u);
    for (const TcpChunk& c : h.last) {
        EXPECT_EQ(c.frame, 4u);
    }
}

TEST(TcpStream, RetransmissionsDropped) {
    StreamHarness h;
    h.add(segment(1, "abcd"));
    h.add(segment(1, "abcd"));
    h.add(segment(5, "efgh"));
    h.add(segment(1, "abcd"));
    EXPECT_EQ(h.data, "abcdefgh");
    EXPECT_EQ(h.stream.duplicate_bytes(), 8u);
    // The same out-of-order segment twice is held once.
    h.add(segment(13, "mnop"));
    h.add(segment(13, "mnop"));
    h.add(segment(9, "ijkl"));
    EXPECT_EQ(h.data, "abcdefghijklmnop");
}

TEST(TcpStream, OverlappingSegmentsTrimmed) {
    StreamHarness h;
    h.add(segment(1, "abcdef"));
    h.add(segment(4, "defghi"));  // 3 old bytes, 3 new
    EXPECT_EQ(h.data, "abcdefghi");
    // Held segments that overlap each other.
    h.add(segment(14, "nopq"));
    h.add(segment(12, "lmnop"));
    h.add(segment(10, "jk"));
    EXPECT_EQ(h.data, "abcdefghijklmnopq");
}

TEST(TcpStream, SequenceNumberWraparound) {
    StreamHarness h;
    const std::uint32_t isn = 0xFFFFFFF8u;
    h.add(segment(isn, "", tcp_flag::kSyn));
    h.add(segment(isn + 1, "0123"));
    h.add(segment(isn + 9, "89ab"));  // wraps: 0x00000001, held
    h.add(segment(isn + 5, "4567"));  // ends exactly at the wrap
    h.add(segment(isn + 1, "0123"));  // an old retransmission from before the wrap
    h.add(segment(isn + 13, "cdef"));
    EXPECT_EQ(h.data, "0123456789abcdef");
    EXPECT_EQ(h.stream.next_seq(), 0x00000009u);
}

TEST(TcpStream, HoleSkippedWhenTooMuchIsHeld) {
    StreamHarness h(8);
    h.add(segment(1, "ab"));
    h.add(segment(7, "ghij"));  // hole of 4 bytes (3..6)
    EXPECT_EQ(h.data, "ab");
    h.add(segment(11, "klmnop"));  // 10 bytes held > 8: give up on the hole
    EXPECT_EQ(h.data, "ab<gap 4>ghijklmnop");
    h.add(segment(3, "cdef"));  // too late
    EXPECT_EQ(h.data, "ab<gap 4>ghijklmnop");
}

TEST(TcpStream, FlushDeliversAcrossHoles) {
    StreamHarness h;
    h.add(segment(1, "ab"));
    h.add(segment(5, "ef"));
    h.add(segment(9, "ij"));
    h.flush();
    EXPECT_EQ(h.data, "ab<gap 2>ef<gap 2>ij");
}

TEST(TcpStream, FinAndReset) {
    StreamHarness h;
    h.add(segment(1, "abc", tcp_flag::kAck | tcp_flag::kFin));
    EXPECT_TRUE(h.stream.finished());
    StreamHarness early;
    early.add(segment(1, "ab"));
    early.add(segment(5, "", tcp_flag::kFin));  // FIN before the bytes 3..4 arrived
    EXPECT_FALSE(early.stream.finished());
    early.add(segment(3, "cd"));
    EXPECT_TRUE(early.stream.finished());
    StreamHarness reset;
    reset.add(segment(1, "ab"));
    reset.add(segment(3, "", tcp_flag::kRst));
    EXPECT_TRUE(reset.stream.finished());
}

struct Collector : TcpConsumer {
    std::map<std::uint16_t, std::string> by_src_port;
    std::vector<std::pair<std::uint16_t, TcpEnd>> ends;
    std::uint16_t unwanted_port = 0;
    bool on_bytes(const FlowKey& flow, const TcpChunk& chunk) override {
        by_src_port[flow.src_port] += std::string(chunk.bytes.chars());
        return flow.src_port != unwanted_port;
    }
    void on_end(const FlowKey& flow, TcpEnd why, std::uint64_t) override {
        ends.emplace_back(flow.src_port, why);
    }
};

FlowKey flow(std::uint16_t src_port, std::uint16_t dst_port) {
    const std::uint8_t a[4] = {127, 0, 0, 1};
    return FlowKey{ipv4_address(a), ipv4_address(a), src_port, dst_port};
}

TEST(TcpReassembler, DirectionsAreSeparateAndFinReleasesState) {
    Collector c;
    TcpReassembler r(TcpLimits{}, c);
    r.add(flow(40000, 5060), segment(10, "", tcp_flag::kSyn), 1, 0);
    r.add(flow(5060, 40000), segment(90, "", tcp_flag::kSyn | tcp_flag::kAck), 2, 0);
    r.add(flow(40000, 5060), segment(11, "request"), 3, 0);
    r.add(flow(5060, 40000), segment(91, "reply"), 4, 0);
    EXPECT_EQ(c.by_src_port[40000], "request");
    EXPECT_EQ(c.by_src_port[5060], "reply");
    r.add(flow(40000, 5060), segment(18, "", tcp_flag::kFin | tcp_flag::kAck), 5, 0);
    ASSERT_EQ(c.ends.size(), 1u);
    EXPECT_EQ(c.ends[0].first, 40000);
    EXPECT_EQ(c.ends[0].second, TcpEnd::Closed);
    // A late retransmission of the closed direction is ignored.
    r.add(flow(40000, 5060), segment(11, "request"), 6, 0);
    EXPECT_EQ(c.by_src_port[40000], "request");
    // The same ports reused for a new connection: a fresh stream.
    r.add(flow(40000, 5060), segment(5000, "", tcp_flag::kSyn), 7, 0);
    r.add(flow(40000, 5060), segment(5001, "again"), 8, 0);
    EXPECT_EQ(c.by_src_port[40000], "requestagain");
}

TEST(TcpReassembler, UnwantedStreamIsNoLongerReassembled) {
    Collector c;
    c.unwanted_port = 80;
    TcpReassembler r(TcpLimits{}, c);
    r.add(flow(80, 1000), segment(1, "HTTP/1.1 200 OK\r\n"), 1, 0);
    r.add(flow(80, 1000), segment(100, "held?"), 2, 0);
    r.add(flow(80, 1000), segment(18, "more"), 3, 0);
    EXPECT_EQ(c.by_src_port[80], "HTTP/1.1 200 OK\r\n");
    r.add(flow(5060, 1000), segment(1, "x"), 4, 0);
    EXPECT_EQ(c.by_src_port[5060], "x");
    r.finish();
    EXPECT_EQ(c.ends.size(), 2u);  // the unwanted stream still ends, so its consumer state can go
}

TEST(TcpReassembler, ResetEndsBothDirections) {
    Collector c;
    TcpReassembler r(TcpLimits{}, c);
    r.add(flow(1, 2), segment(1, "x"), 1, 0);
    r.add(flow(2, 1), segment(1, "y"), 2, 0);
    r.add(flow(2, 1), segment(2, "", tcp_flag::kRst), 3, 0);
    EXPECT_EQ(c.ends.size(), 2u);
}

TEST(TcpReassembler, IdleStreamsAreReleased) {
    Collector c;
    TcpLimits limits;
    limits.idle_timeout_ns = 10;
    limits.closed_linger_ns = 5;
    TcpReassembler r(limits, c);
    r.add(flow(1, 2), segment(1, "a"), 1, 100);
    r.add(flow(3, 4), segment(1, "b"), 2, 105);
    r.expire(111);
    ASSERT_EQ(c.ends.size(), 1u);
    EXPECT_EQ(c.ends[0].second, TcpEnd::Idle);
    EXPECT_EQ(r.flows(), 1u);
    r.finish();
    EXPECT_EQ(c.ends.size(), 2u);
    EXPECT_EQ(c.ends[1].second, TcpEnd::EndOfCapture);
    EXPECT_EQ(r.flows(), 0u);
}

TEST(TcpReassembler, FullTableEvictsOldest) {
    Collector c;
    TcpLimits limits;
    limits.max_flows = 3;
    TcpReassembler r(limits, c);
    for (std::uint16_t p = 1; p <= 5; ++p) {
        r.add(flow(p, 9), segment(1, "z"), p, p);
    }
    EXPECT_LE(r.flows(), 3u);
    ASSERT_GE(c.ends.size(), 2u);
    EXPECT_EQ(c.ends[0].first, 1);
    EXPECT_EQ(c.ends[0].second, TcpEnd::Evicted);
}

}  // namespace
}  // namespace sipdiff::capture
