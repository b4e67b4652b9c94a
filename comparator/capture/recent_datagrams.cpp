#include "capture/recent_datagrams.h"

namespace sipdiff::capture {

std::uint64_t RecentDatagrams::seen_before(const UdpFlow& flow, std::string_view payload,
                                           std::uint64_t frame, std::int64_t time_ns) {
    std::uint64_t earlier = 0;
    for (const Seen& s : seen_) {
        if (s.frame != 0 && s.payload.size() == payload.size() &&
            time_ns - s.time_ns < kSamePacketNs && time_ns >= s.time_ns && s.flow == flow &&
            s.payload == payload) {
            earlier = s.frame;
            break;
        }
    }
    Seen& slot = seen_[next_];
    next_ = (next_ + 1) % seen_.size();
    slot.flow = flow;
    slot.payload.assign(payload);
    slot.frame = frame;
    slot.time_ns = time_ns;
    return earlier;
}

}  // namespace sipdiff::capture
