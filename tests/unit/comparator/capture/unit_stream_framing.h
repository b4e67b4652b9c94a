// For the tests of the framers of HEP and WebSocket streams (capture/unit_stream.h): a whole
// stream given in pieces, and what a framer made of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/unit_stream.h"

namespace sipdiff::capture::testing {

struct Framed {
    std::vector<std::string> units;
    std::vector<std::string> problems;
};

struct Piece {
    std::string bytes;
    std::uint64_t gap_before = 0;
};

inline void feed(UnitStreamFramer& framer, const std::string& bytes, Framed& out,
                 std::uint64_t gap_before = 0) {
    framer.feed(ByteSpan(bytes), gap_before, out.units, out.problems);
}

// What `framer` makes of a whole stream given in `pieces`, which ends after them.
inline Framed frame_stream(UnitStreamFramer&& framer, const std::vector<Piece>& pieces) {
    Framed out;
    for (const Piece& piece : pieces) {
        feed(framer, piece.bytes, out, piece.gap_before);
    }
    framer.finish(out.problems);
    return out;
}

}  // namespace sipdiff::capture::testing
