// Fuzzes one direction's TCP reassembly, sipdiff::capture::TcpStream, against an oracle: every
// segment carries the bytes its sequence numbers stand for (byte(seq), a fixed function), so
// whatever order, overlap, retransmission, wraparound or hole skipping the input makes, each
// delivered byte must be byte(first_seq + its stream offset), and next_seq() must follow.
// Input: records of [flags][seq offset u16][length]; flags bits 0-2: FIN, SYN, RST; bit 6: the
// capture cut the segment's second half off (snapshot length); bit 7: flush() instead of a
// segment. Sequence numbers start close to the 32-bit wraparound.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/tcp.h"
#include "capture/tcp_reassembly.h"
#include "fuzz_input.h"

namespace {

namespace cap = sipdiff::capture;

constexpr std::uint32_t kBaseSeq = 0xFFFFFF00u;

char byte_at(std::uint32_t seq) {
    const std::uint32_t mixed = (seq ^ (seq >> 7)) * 2654435761u;
    return static_cast<char>(mixed >> 24);
}

struct Oracle {
    bool started = false;
    std::uint32_t first_seq = 0;
    std::uint64_t offset = 0;  // stream offset of the next byte expected

    void check(const std::vector<cap::TcpChunk>& chunks, const cap::TcpStream& stream) {
        if (!stream.started()) {
            return;
        }
        if (!started) {
            started = true;
            first_seq = stream.first_seq();
        }
        for (const cap::TcpChunk& chunk : chunks) {
            offset += chunk.gap_before;
            for (const char c : chunk.bytes.chars()) {
                if (c != byte_at(static_cast<std::uint32_t>(first_seq + offset))) {
                    std::abort();  // a byte delivered at the wrong place
                }
                ++offset;
            }
        }
        if (stream.next_seq() !=
            static_cast<std::uint32_t>(first_seq + offset + stream.untold_gap())) {
            std::abort();  // delivered bytes and sequence numbers disagree
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput input(data, size);
    cap::TcpStream stream(512);
    Oracle oracle;
    std::vector<cap::TcpChunk> out;
    std::string payload;
    std::uint64_t frame = 0;
    while (!input.empty()) {
        const std::uint8_t flags = input.u8();
        const std::uint32_t seq = kBaseSeq + input.u16();
        const std::size_t length = input.u8();
        out.clear();
        if ((flags & 0x80) != 0) {
            stream.flush(out);
        } else {
            cap::TcpSegment segment;
            segment.flags = static_cast<std::uint8_t>(flags & 7);
            segment.seq = seq;
            const std::uint32_t data_seq = segment.syn() ? seq + 1 : seq;
            payload.resize(length);
            for (std::size_t i = 0; i < length; ++i) {
                payload[i] = byte_at(static_cast<std::uint32_t>(data_seq + i));
            }
            if ((flags & 0x40) != 0) {
                segment.missing = length - length / 2;
                payload.resize(length / 2);
            }
            segment.payload = cap::ByteSpan(std::string_view(payload));
            stream.add(segment, ++frame, 0, out);
        }
        oracle.check(out, stream);
    }
    out.clear();
    stream.flush(out);
    oracle.check(out, stream);
    if (stream.held_bytes() != 0) {
        std::abort();  // flush() delivers everything held
    }
    return 0;
}
