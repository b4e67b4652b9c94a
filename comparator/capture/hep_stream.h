// Turns one direction of a TCP stream of HEPv3 packets into the packets: Homer's collectors take
// HEP over TCP as well as over UDP (OpenSIPS, Kamailio's siptrace with transport=tcp). Each packet
// is "HEP3", its total length (2 bytes) and its chunks, back to back; after a gap in the capture,
// or bytes that are not a packet, the framer finds its way back at the next "HEP3".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/bytes.h"
#include "capture/unit_stream.h"

namespace sipdiff::capture {

// Its units are whole HEP packets.
class HepStreamFramer : public UnitStreamFramer {
  public:
    void feed(ByteSpan bytes, std::uint64_t gap_before, std::vector<std::string>& packets,
              std::vector<std::string>& problems) override;
    void finish(std::vector<std::string>& problems) override;

  private:
    // Moves to the next "HEP3"; false when more bytes are needed. What it skips is reported
    // once, when a packet start ends the run (or a gap or the end of the stream does).
    bool seek(std::vector<std::string>& problems);
    void report_skipped(std::vector<std::string>& problems);

    std::string buf_;
    std::size_t pos_ = 0;
    bool in_sync_ = true;        // pos_ is at a packet boundary
    std::uint64_t skipped_ = 0;  // bytes skipped since the last packet start
};

// Whether a stream's first bytes hold a HEPv3 packet start (within its first `bytes`).
bool starts_hep_stream(ByteSpan bytes);

}  // namespace sipdiff::capture
