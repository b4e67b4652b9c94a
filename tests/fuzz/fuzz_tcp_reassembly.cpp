// Fuzzes TCP stream reassembly: segments of a few connections (both directions) in any order,
// with any flags, into sipdiff::capture::TcpReassembler (small limits: buffer, idle timeout,
// linger, flow table), whose consumer frames the bytes as SIP (capture::SipStreamFramer) the way
// the capture reader does; expire() and finish() included.
// Input: records of [flow][flags][seq u16, or u32 with flow bit 4][time step][length][payload];
// flow bits 0-2: which direction of which connection, bit 3: the consumer refuses the stream,
// bit 5: expire now.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "capture/ip.h"
#include "capture/sip_stream.h"
#include "capture/tcp.h"
#include "capture/tcp_reassembly.h"
#include "fuzz_input.h"
#include "sip/framing.h"

namespace {

namespace cap = sipdiff::capture;

constexpr std::size_t kFlows = 6;                // three connections, both directions
constexpr std::uint32_t kBaseSeq = 0xFFFFF000u;  // close to wraparound

std::array<cap::FlowKey, kFlows> make_flows() {
    const std::uint8_t a[4] = {10, 0, 0, 1};
    const std::uint8_t b[4] = {10, 0, 0, 2};
    const std::uint8_t c[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    std::array<cap::FlowKey, kFlows> flows;
    flows[0] = cap::FlowKey{cap::ipv4_address(a), cap::ipv4_address(b), 5061, 5060};
    flows[1] = cap::FlowKey{cap::ipv4_address(a), cap::ipv4_address(b), 5062, 5060};
    flows[2] = cap::FlowKey{cap::ipv6_address(c), cap::ipv6_address(c), 40000, 5060};
    for (std::size_t i = 0; i < 3; ++i) {
        flows[i + 3] = flows[i].reversed();
    }
    return flows;
}

class Consumer : public cap::TcpConsumer {
  public:
    explicit Consumer(const std::array<cap::FlowKey, kFlows>& flows) : flows_(flows) {}

    bool on_bytes(const cap::FlowKey& flow, const cap::TcpChunk& chunk) override {
        const std::size_t i = index(flow);
        if (!framers_[i]) {
            framers_[i] = std::make_unique<cap::SipStreamFramer>(limits_);
        }
        // Copy the bytes: ASan sees any chunk that points at freed or foreign memory.
        const std::string copy(chunk.bytes.chars());
        framers_[i]->feed(cap::ByteSpan(std::string_view(copy)), chunk.gap_before, chunk.gap_is_cut,
                          messages_, problems_);
        for (const cap::StreamMessage& message : messages_) {
            if (message.full_size != 0 && message.full_size <= message.bytes.size()) {
                std::abort();  // a message kept cut short must be longer than what it holds
            }
            if (sipdiff::sip::classify_start_line(message.bytes, limits_) !=
                sipdiff::sip::StartLine::Sip) {
                std::abort();  // the framer handed out something that is not a SIP message
            }
        }
        messages_.clear();
        problems_.clear();
        return !refuse[i] && !framers_[i]->ignored();
    }
    void on_end(const cap::FlowKey& flow, cap::TcpEnd, std::uint64_t) override {
        const std::size_t i = index(flow);
        if (framers_[i]) {
            framers_[i]->finish(problems_);
            framers_[i].reset();
        }
        problems_.clear();
    }

    std::array<bool, kFlows> refuse{};

  private:
    std::size_t index(const cap::FlowKey& flow) const {
        for (std::size_t i = 0; i < kFlows; ++i) {
            if (flows_[i] == flow) {
                return i;
            }
        }
        std::abort();  // the reassembler invented a flow
    }

    const std::array<cap::FlowKey, kFlows>& flows_;
    sipdiff::sip::FramingLimits limits_{256, 1024, 2048};
    std::array<std::unique_ptr<cap::SipStreamFramer>, kFlows> framers_;
    std::vector<cap::StreamMessage> messages_;
    std::vector<std::string> problems_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::array<cap::FlowKey, kFlows> flows = make_flows();
    fuzz::FuzzInput input(data, size);
    cap::TcpLimits limits;
    limits.max_buffered_bytes = 1024;
    limits.idle_timeout_ns = 3'000'000'000;
    limits.closed_linger_ns = 1'000'000'000;
    limits.max_flows = 4;
    Consumer consumer(flows);
    cap::TcpReassembler reassembler(limits, consumer);

    std::int64_t now = 1'000'000'000;
    std::uint64_t frame = 0;
    while (!input.empty()) {
        const std::uint8_t flow = input.u8();
        const std::uint8_t tcp_flags = input.u8();
        const std::uint32_t seq = (flow & 0x10) != 0 ? input.u32() : kBaseSeq + input.u16();
        now += std::int64_t{input.u8()} * 100'000'000;
        const std::string_view payload = input.bytes(input.u8());
        ++frame;

        const std::size_t i = (flow & 7) % kFlows;
        consumer.refuse[i] = (flow & 8) != 0;
        cap::TcpSegment segment;
        segment.src_port = flows[i].src_port;
        segment.dst_port = flows[i].dst_port;
        segment.seq = seq;
        segment.flags = tcp_flags;
        segment.payload = cap::ByteSpan(payload);
        reassembler.add(flows[i], segment, frame, now);
        if ((flow & 0x20) != 0) {
            reassembler.expire(now);
        }
        if (reassembler.flows() > limits.max_flows) {
            std::abort();
        }
    }
    reassembler.finish();
    return 0;
}
