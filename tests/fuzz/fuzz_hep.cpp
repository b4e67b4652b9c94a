// Fuzzes the HEP decoder, sipdiff::capture::parse_hep (HEPv3, and HEPv1/v2 headers): any input
// either decodes to a message whose payload lies inside the input, or is refused with a reason;
// an input looks_like_old_hep() accepts always decodes.
// Input: one UDP payload.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "capture/hep.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace cap = sipdiff::capture;
    const cap::ByteSpan packet{data, size};
    const auto parsed = cap::parse_hep(packet);
    const auto* m = std::get_if<cap::HepMessage>(&parsed);
    if (cap::looks_like_old_hep(packet) && m == nullptr &&
        std::get<cap::ParseError>(parsed).reason.find("microseconds") == std::string::npos) {
        std::abort();  // recognised, then refused for something other than its time
    }
    if (m != nullptr) {
        if (m->payload.data < data || m->payload.data + m->payload.size > data + size) {
            std::abort();  // a payload outside the packet
        }
    } else if (std::get<cap::ParseError>(parsed).reason.empty()) {
        std::abort();  // refused without saying why
    }
    return 0;
}
