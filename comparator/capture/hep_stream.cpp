#include "capture/hep_stream.h"

#include <string_view>

namespace sipdiff::capture {
namespace {

constexpr std::string_view kMagic = "HEP3";
constexpr std::size_t kHeader = 6;  // "HEP3" and the total length
// How far into a stream's first bytes a packet start is looked for: a capture begun inside a
// packet holds its tail first.
constexpr std::size_t kProbeBytes = 64 * 1024;

}  // namespace

bool starts_hep_stream(ByteSpan bytes) {
    return bytes.first(kProbeBytes).chars().find(kMagic) != std::string_view::npos;
}

bool HepStreamFramer::seek(std::vector<std::string>& problems) {
    const std::string_view held = std::string_view(buf_).substr(pos_);
    const std::size_t at = held.find(kMagic);
    // Keeps a tail that may be the start of the magic.
    const std::size_t skip = at != std::string_view::npos   ? at
                             : held.size() >= kMagic.size() ? held.size() - (kMagic.size() - 1)
                                                            : 0;
    pos_ += skip;
    skipped_ += skip;
    in_sync_ = at != std::string_view::npos;
    if (in_sync_) {
        report_skipped(problems);
    }
    return in_sync_;
}

void HepStreamFramer::report_skipped(std::vector<std::string>& problems) {
    if (skipped_ > 0) {
        problems.push_back(std::to_string(skipped_) + " bytes that are not HEPv3 packets; skipped");
        skipped_ = 0;
    }
}

void HepStreamFramer::feed(ByteSpan bytes, std::uint64_t gap_before,
                           std::vector<std::string>& packets, std::vector<std::string>& problems) {
    if (gap_before > 0) {
        report_skipped(problems);
        // The packets in those bytes are records of the trace lost by the capture.
        problems.push_back(pos_ < buf_.size() && in_sync_
                               ? "HEPv3 packet cut by " + std::to_string(gap_before) +
                                     " bytes missing from the capture; skipped"
                               : std::to_string(gap_before) +
                                     " bytes missing from the capture: the HEPv3 packets in "
                                     "them are lost");
        buf_.clear();
        pos_ = 0;
        in_sync_ = false;
    }
    buf_.append(bytes.chars());
    for (;;) {
        if (!in_sync_ && !seek(problems)) {
            break;
        }
        const std::string_view held = std::string_view(buf_).substr(pos_);
        if (held.size() < kHeader) {
            break;
        }
        if (held.substr(0, kMagic.size()) != kMagic) {
            in_sync_ = false;
            continue;
        }
        const ByteSpan header(held.substr(0, kHeader));
        const std::size_t total = be16(header.data + 4);
        if (total < kHeader) {
            problems.push_back("HEPv3 length " + std::to_string(total) +
                               " shorter than its own header; skipped");
            pos_ += kMagic.size();
            in_sync_ = false;
            continue;
        }
        if (held.size() < total) {
            break;
        }
        packets.emplace_back(held.substr(0, total));
        pos_ += total;
    }
    if (pos_ > 0 && pos_ * 2 >= buf_.size()) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
}

void HepStreamFramer::finish(std::vector<std::string>& problems) {
    skipped_ += in_sync_ ? 0 : buf_.size() - pos_;
    report_skipped(problems);
    if (in_sync_ && pos_ < buf_.size()) {
        problems.push_back("the stream ends inside a HEPv3 packet (" +
                           std::to_string(buf_.size() - pos_) + " bytes); skipped");
    }
    buf_.clear();
    pos_ = 0;
}

}  // namespace sipdiff::capture
