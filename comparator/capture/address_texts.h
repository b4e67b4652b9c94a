// Textual forms of IP addresses for records, remembered in a small fixed table so that a capture
// with few endpoints formats each address once instead of once per message.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "capture/ip.h"

namespace sipdiff::capture {

class AddressTexts {
  public:
    // to_string(address); the reference stays valid until the next call.
    const std::string& text(const IpAddress& address);

  private:
    static constexpr std::size_t kSlots = 64;  // direct-mapped
    struct Slot {
        IpAddress address;  // version 0 (never a real address) while the slot is empty
        std::string text;
    };
    std::array<Slot, kSlots> slots_;
};

}  // namespace sipdiff::capture
