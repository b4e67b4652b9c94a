#include "capture/tcp_reassembly.h"

#include <algorithm>
#include <utility>

namespace sipdiff::capture {
namespace {

// A segment further ahead than this is not part of the stream (a window is at most 1 GiB).
constexpr std::int32_t kMaxAhead = 1 << 30;

}  // namespace

std::size_t FlowKeyHash::operator()(const FlowKey& k) const {
    IpAddressHash h;
    return h(k.src) * 31 + h(k.dst) * 17 + (std::size_t{k.src_port} << 16) + k.dst_port;
}

void TcpStream::advance(std::uint64_t by) {
    next_offset_ += static_cast<std::int64_t>(by);
    next_seq_ += static_cast<std::uint32_t>(by);
}

void TcpStream::deliver(ByteSpan bytes, std::uint64_t frame, std::int64_t time_ns,
                        std::vector<TcpChunk>& out) {
    const bool cut = skipped_bytes_ > 0 && skipped_only_cut_;
    skipped_only_cut_ = true;
    out.push_back(TcpChunk{bytes, std::exchange(skipped_bytes_, 0), cut, frame, time_ns});
    advance(bytes.size);
}

void TcpStream::add(const TcpSegment& segment, std::uint64_t frame, std::int64_t time_ns,
                    std::vector<TcpChunk>& out) {
    delivered_.clear();
    if (segment.rst()) {
        reset_ = true;
        return;
    }
    // SYN takes one sequence number; data in a SYN segment starts after it.
    const std::uint32_t data_seq = segment.syn() ? segment.seq + 1 : segment.seq;
    if (!started_) {
        started_ = true;
        first_seq_ = data_seq;
        next_seq_ = data_seq;
    }
    const auto diff = static_cast<std::int32_t>(data_seq - next_seq_);
    if (diff > kMaxAhead) {
        return;
    }
    const std::int64_t offset = next_offset_ + diff;
    const std::size_t length = segment.payload.size;
    const std::size_t sent = length + segment.missing;
    if (segment.fin() && fin_offset_ < 0) {
        fin_offset_ = offset + static_cast<std::int64_t>(sent);
    }
    if (sent == 0) {
        return;
    }
    const std::int64_t end = offset + static_cast<std::int64_t>(sent);
    if (end <= next_offset_) {
        duplicate_bytes_ += length;  // a retransmission of bytes already delivered
        return;
    }
    if (offset <= next_offset_) {
        const auto skip = static_cast<std::size_t>(next_offset_ - offset);
        duplicate_bytes_ += std::min(skip, length);
        if (skip < length) {
            deliver(segment.payload.from(skip), frame, time_ns, out);
        }
        if (segment.missing > 0) {
            // Nothing can fill what the snapshot length cut off: skip it now.
            const auto cut = static_cast<std::uint64_t>(end - next_offset_);
            skipped_bytes_ += cut;
            cut_frame_ = frame;
            cut_time_ns_ = time_ns;
            advance(cut);
        }
        drain(frame, time_ns, out);
        return;
    }
    if (length == 0) {
        return;
    }
    Held& slot = held_[offset];
    if (slot.bytes.size() >= length) {
        duplicate_bytes_ += length;  // an out-of-order segment seen before
        return;
    }
    held_bytes_ += length - slot.bytes.size();
    slot.bytes.assign(segment.payload.chars());
    slot.frame = frame;
    slot.time_ns = time_ns;
    while (held_bytes_ > max_buffered_ && !held_.empty()) {
        skip_hole(frame, time_ns, out);
    }
}

void TcpStream::drain(std::uint64_t frame, std::int64_t time_ns, std::vector<TcpChunk>& out) {
    while (!held_.empty() && held_.begin()->first <= next_offset_) {
        auto node = held_.extract(held_.begin());
        std::string& bytes = node.mapped().bytes;
        held_bytes_ -= bytes.size();
        const std::int64_t end = node.key() + static_cast<std::int64_t>(bytes.size());
        if (end <= next_offset_) {
            duplicate_bytes_ += bytes.size();
            continue;
        }
        const auto skip = static_cast<std::size_t>(next_offset_ - node.key());
        duplicate_bytes_ += skip;
        delivered_.push_back(std::move(bytes));
        deliver(ByteSpan(std::string_view(delivered_.back())).from(skip), frame, time_ns, out);
    }
}

void TcpStream::skip_hole(std::uint64_t frame, std::int64_t time_ns, std::vector<TcpChunk>& out) {
    const auto gap = static_cast<std::uint64_t>(held_.begin()->first - next_offset_);
    skipped_bytes_ += gap;
    skipped_only_cut_ = false;
    advance(gap);
    drain(frame, time_ns, out);
}

void TcpStream::release() {
    held_.clear();
    held_bytes_ = 0;
    delivered_.clear();
    delivered_.shrink_to_fit();
}

void TcpStream::flush(std::vector<TcpChunk>& out) {
    delivered_.clear();
    while (!held_.empty()) {
        const Held& next = held_.begin()->second;
        skip_hole(next.frame, next.time_ns, out);
    }
    if (skipped_bytes_ > 0) {
        // The stream ends with bytes cut off: an empty chunk says so.
        deliver(ByteSpan{}, cut_frame_, cut_time_ns_, out);
    }
}

bool TcpReassembler::deliver(const FlowKey& key) {
    bool wanted = true;
    for (const TcpChunk& chunk : chunks_) {
        if (!consumer_.on_bytes(key, chunk)) {
            wanted = false;
            break;
        }
    }
    chunks_.clear();
    return wanted;
}

void TcpReassembler::close(const FlowKey& key, Flow& flow, TcpEnd why, std::uint64_t frame) {
    chunks_.clear();
    if (!flow.ignored) {
        flow.stream->flush(chunks_);
        deliver(key);
    }
    consumer_.on_end(key, why, frame);
    flow.closed = true;
    // Keep only the sequence numbers, to recognise late retransmissions and port reuse.
    flow.stream->release();
}

void TcpReassembler::add(const FlowKey& key, const TcpSegment& segment, std::uint64_t frame,
                         std::int64_t time_ns) {
    auto it = flows_.find(key);
    if (it == flows_.end()) {
        if (flows_.size() >= limits_.max_flows) {
            evict_oldest();
        }
        it = flows_.emplace(key, Flow{}).first;
        it->second.stream = std::make_unique<TcpStream>(limits_.max_buffered_bytes);
    }
    Flow& flow = it->second;
    flow.last_seen_ns = time_ns;
    flow.last_frame = frame;
    if (segment.syn() && !segment.rst() && flow.stream->started() &&
        segment.seq + 1 != flow.stream->first_seq()) {
        // A new connection on the same addresses and ports.
        if (!flow.closed) {
            close(key, flow, TcpEnd::Closed, frame);
        }
        flow.stream = std::make_unique<TcpStream>(limits_.max_buffered_bytes);
        flow.closed = false;
        flow.ignored = false;
    }
    if (flow.closed || flow.ignored) {
        return;  // late retransmissions of a finished stream, or a stream nobody wants
    }
    chunks_.clear();
    flow.stream->add(segment, frame, time_ns, chunks_);
    if (!deliver(key)) {
        flow.ignored = true;
        flow.stream->release();
        return;
    }
    if (segment.rst()) {
        // A reset ends both directions.
        close(key, flow, TcpEnd::Closed, frame);
        auto back = flows_.find(key.reversed());
        if (back != flows_.end() && !back->second.closed) {
            close(back->first, back->second, TcpEnd::Closed, frame);
        }
    } else if (flow.stream->finished()) {
        close(key, flow, TcpEnd::Closed, frame);
    }
}

void TcpReassembler::expire(std::int64_t now_ns) {
    for (auto it = flows_.begin(); it != flows_.end();) {
        Flow& flow = it->second;
        const std::int64_t idle = now_ns - flow.last_seen_ns;
        if (!flow.closed && idle > limits_.idle_timeout_ns) {
            close(it->first, flow, TcpEnd::Idle, flow.last_frame);
            it = flows_.erase(it);
        } else if (flow.closed && idle > limits_.closed_linger_ns) {
            it = flows_.erase(it);
        } else {
            ++it;
        }
    }
}

void TcpReassembler::evict_oldest() {
    std::vector<std::pair<std::int64_t, FlowKey>> by_age;
    by_age.reserve(flows_.size());
    for (const auto& [key, flow] : flows_) {
        by_age.emplace_back(flow.last_seen_ns, key);
    }
    const std::size_t count = std::max<std::size_t>(1, by_age.size() / 10);
    std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(count - 1),
                     by_age.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < count && i < by_age.size(); ++i) {
        auto it = flows_.find(by_age[i].second);
        if (!it->second.closed) {
            close(it->first, it->second, TcpEnd::Evicted, it->second.last_frame);
        }
        flows_.erase(it);
    }
}

void TcpReassembler::finish() {
    std::vector<std::pair<std::uint64_t, FlowKey>> open;
    for (const auto& [key, flow] : flows_) {
        if (!flow.closed) {
            open.emplace_back(flow.last_frame, key);
        }
    }
    std::sort(open.begin(), open.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [frame, key] : open) {
        auto it = flows_.find(key);
        close(it->first, it->second, TcpEnd::EndOfCapture, frame);
    }
    flows_.clear();
}

}  // namespace sipdiff::capture
