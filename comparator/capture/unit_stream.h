// What a TCP stream carries in units of its own rather than as SIP text framed by
// Content-Length: HEP packets (hep_stream.h) or WebSocket messages (ws_stream.h). The capture
// reader feeds such a stream's bytes to its framer and reads each unit it gives.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/bytes.h"

namespace sipdiff::capture {

class UnitStreamFramer {
  public:
    virtual ~UnitStreamFramer() = default;
    // Appends the next bytes of the stream (`gap_before` bytes before them are missing) and
    // appends every unit completed to `units` and what was skipped or lost to `problems`.
    virtual void feed(ByteSpan bytes, std::uint64_t gap_before, std::vector<std::string>& units,
                      std::vector<std::string>& problems) = 0;
    // The stream ended: a unit left incomplete is reported.
    virtual void finish(std::vector<std::string>& problems) = 0;
};

}  // namespace sipdiff::capture
