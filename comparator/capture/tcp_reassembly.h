// TCP stream reassembly: per-direction byte streams put back in order from segments that may
// arrive out of order, retransmitted or overlapping; state is released when a stream closes,
// goes idle or the table is full.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/ip.h"
#include "capture/tcp.h"

namespace sipdiff::capture {

// One direction of a TCP connection.
struct FlowKey {
    IpAddress src;
    IpAddress dst;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;

    bool operator==(const FlowKey& o) const {
        return src_port == o.src_port && dst_port == o.dst_port && src == o.src && dst == o.dst;
    }
    FlowKey reversed() const { return FlowKey{dst, src, dst_port, src_port}; }
};

struct FlowKeyHash {
    std::size_t operator()(const FlowKey& k) const;
};

struct TcpLimits {
    std::size_t max_buffered_bytes = 4 * 1024 * 1024;  // out-of-order bytes held per direction
    std::int64_t idle_timeout_ns = 600'000'000'000;    // a silent stream is released after this
    std::int64_t closed_linger_ns = 60'000'000'000;    // a closed stream's sequence number is kept
                                                       // this long to ignore late retransmissions
    std::size_t max_flows = 100'000;                   // directions tracked at once
};

// Bytes that became contiguous. `bytes` stays valid until the next call on the same stream.
struct TcpChunk {
    ByteSpan bytes;
    std::uint64_t gap_before = 0;  // bytes missing from the capture just before these
    bool gap_is_cut = false;       // all of them cut off by the snapshot length, none lost
    std::uint64_t frame = 0;       // the frame that made these bytes deliverable
    std::int64_t time_ns = 0;
};

// One direction's byte stream. Sequence numbers are mapped to 64-bit stream offsets, so
// wraparound of the 32-bit numbers is invisible to the rest.
class TcpStream {
  public:
    explicit TcpStream(std::size_t max_buffered_bytes) : max_buffered_(max_buffered_bytes) {}

    // Adds one segment and appends to `out` whatever became contiguous. Bytes already delivered
    // (retransmissions, overlaps) are dropped; out-of-order bytes are held until the hole fills
    // or more than max_buffered_bytes are held, then the hole is skipped (gap_before). The bytes
    // of an in-order segment that the capture cut off (TcpSegment::missing) are skipped at once.
    void add(const TcpSegment& segment, std::uint64_t frame, std::int64_t time_ns,
             std::vector<TcpChunk>& out);
    // Delivers everything still held, skipping holes (end of stream or capture); bytes cut off at
    // the very end are told by a last, empty chunk.
    void flush(std::vector<TcpChunk>& out);
    // Frees buffers; sequence numbers are kept.
    void release();

    // FIN reached in order, or RST seen.
    bool finished() const { return reset_ || (fin_offset_ >= 0 && next_offset_ >= fin_offset_); }
    bool started() const { return started_; }
    std::uint32_t next_seq() const { return next_seq_; }
    std::uint32_t first_seq() const { return first_seq_; }
    std::size_t held_bytes() const { return held_bytes_; }
    // Bytes skipped (cut off by the snapshot length) that no chunk has told as gap_before yet.
    std::uint64_t untold_gap() const { return skipped_bytes_; }
    std::uint64_t duplicate_bytes() const { return duplicate_bytes_; }

  private:
    struct Held {
        std::string bytes;
        std::uint64_t frame = 0;
        std::int64_t time_ns = 0;
    };
    void advance(std::uint64_t by);
    void deliver(ByteSpan bytes, std::uint64_t frame, std::int64_t time_ns,
                 std::vector<TcpChunk>& out);
    void drain(std::uint64_t frame, std::int64_t time_ns, std::vector<TcpChunk>& out);
    void skip_hole(std::uint64_t frame, std::int64_t time_ns, std::vector<TcpChunk>& out);

    std::size_t max_buffered_;
    bool started_ = false;
    bool reset_ = false;
    std::uint32_t first_seq_ = 0;        // sequence number of the first byte of the stream
    std::uint32_t next_seq_ = 0;         // sequence number of the next byte expected
    std::int64_t next_offset_ = 0;       // its stream offset
    std::int64_t fin_offset_ = -1;       // stream offset of the FIN, once seen
    std::map<std::int64_t, Held> held_;  // out-of-order segments by stream offset
    std::size_t held_bytes_ = 0;
    std::uint64_t skipped_bytes_ = 0;  // skipped, not yet told as the next chunk's gap_before
    bool skipped_only_cut_ = true;     // ... and all of them cut off by the snapshot length
    std::uint64_t cut_frame_ = 0;      // the frame of the latest cut segment
    std::int64_t cut_time_ns_ = 0;
    std::uint64_t duplicate_bytes_ = 0;
    std::deque<std::string> delivered_;  // keeps drained bytes alive for the caller
};

enum class TcpEnd {
    Closed,        // FIN reached or RST seen
    Idle,          // nothing for idle_timeout_ns
    Evicted,       // the flow table was full
    EndOfCapture,  // finish()
};

class TcpConsumer {
  public:
    virtual ~TcpConsumer() = default;
    // Returns false when the consumer has no use for this stream (not SIP): its bytes are then
    // no longer reassembled or held, until a new connection reuses the addresses.
    virtual bool on_bytes(const FlowKey& flow, const TcpChunk& chunk) = 0;
    // The stream's state is gone; bytes for it will not come again (a new connection on the same
    // addresses starts with fresh on_bytes calls).
    virtual void on_end(const FlowKey& flow, TcpEnd why, std::uint64_t frame) = 0;
};

// All streams of a capture.
class TcpReassembler {
  public:
    TcpReassembler(TcpLimits limits, TcpConsumer& consumer)
        : limits_(limits), consumer_(consumer) {}

    void add(const FlowKey& flow, const TcpSegment& segment, std::uint64_t frame,
             std::int64_t time_ns);
    // Releases streams idle for too long and forgets closed ones after the linger time.
    void expire(std::int64_t now_ns);
    // Delivers everything held and ends every stream.
    void finish();

    std::size_t flows() const { return flows_.size(); }

  private:
    struct Flow {
        std::unique_ptr<TcpStream> stream;
        bool closed = false;
        bool ignored = false;  // the consumer did not want its bytes
        std::int64_t last_seen_ns = 0;
        std::uint64_t last_frame = 0;
    };
    // Hands chunks_ to the consumer; false when it does not want this stream.
    bool deliver(const FlowKey& key);
    void close(const FlowKey& key, Flow& flow, TcpEnd why, std::uint64_t frame);
    void evict_oldest();

    TcpLimits limits_;
    TcpConsumer& consumer_;
    std::unordered_map<FlowKey, Flow, FlowKeyHash> flows_;
    std::vector<TcpChunk> chunks_;
};

}  // namespace sipdiff::capture
