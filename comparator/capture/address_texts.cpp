#include "capture/address_texts.h"

namespace sipdiff::capture {

const std::string& AddressTexts::text(const IpAddress& address) {
    Slot& slot = slots_[IpAddressHash{}(address) % kSlots];
    if (slot.address != address) {
        slot.address = address;
        slot.text = to_string(address);
    }
    return slot.text;
}

}  // namespace sipdiff::capture
