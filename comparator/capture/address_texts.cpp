#include "capture/address_texts.h"

#include <cstring>

namespace sipdiff::capture {
namespace {

// Two multiplications instead of IpAddressHash's sixteen: this runs twice per SIP message.
std::size_t slot_index(const IpAddress& a, std::size_t slots) {
    std::uint64_t lo = 0, hi = 0;
    std::memcpy(&lo, a.bytes.data(), 8);
    std::memcpy(&hi, a.bytes.data() + 8, 8);
    std::uint64_t h = (lo ^ (hi * 0x9E3779B97F4A7C15ULL) ^ a.version) * 0xC2B2AE3D27D4EB4FULL;
    return static_cast<std::size_t>(h >> 40) % slots;
}

}  // namespace

const std::string& AddressTexts::text(const IpAddress& address) {
    Slot& slot = slots_[slot_index(address, kSlots)];
    if (slot.address != address) {
        slot.address = address;
        slot.text = to_string(address);
    }
    return slot.text;
}

}  // namespace sipdiff::capture
