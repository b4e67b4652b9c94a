// Fuzzes the framing of HEPv3 packets in a TCP stream, sipdiff::capture::HepStreamFramer,
// against an oracle: every packet it gives starts "HEP3" with its own size as the length, and is
// a run of bytes fed since the last gap (never bytes from both sides of one); every problem says
// something. Input: records of [flags][length u8][bytes]; flags bit 0: a gap of [u16] bytes
// before the record's bytes; bit 7: the stream ends (finish()).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/hep_stream.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace cap = sipdiff::capture;
    fuzz::FuzzInput in(data, size);
    cap::HepStreamFramer framer;
    std::string since_gap;  // the bytes fed since the last gap
    std::vector<std::string> packets, problems;
    while (!in.empty()) {
        const std::uint8_t flags = in.u8();
        if (flags & 0x80) {
            framer.finish(problems);
            since_gap.clear();
            continue;
        }
        const std::uint64_t gap = (flags & 1) ? in.u16() : 0;
        const std::string_view bytes = in.bytes(in.u8());
        if (gap > 0) {
            since_gap.clear();
        }
        since_gap.append(bytes);
        packets.clear();
        framer.feed(cap::ByteSpan(bytes), gap, packets, problems);
        for (const std::string& p : packets) {
            if (p.size() < 6 || p.compare(0, 4, "HEP3") != 0 ||
                cap::be16(reinterpret_cast<const std::uint8_t*>(p.data()) + 4) != p.size() ||
                since_gap.find(p) == std::string::npos) {
                std::abort();
            }
        }
    }
    for (const std::string& p : problems) {
        if (p.empty()) {
            std::abort();
        }
    }
    return 0;
}
