// Fuzzes the HEPv3 decoder, sipdiff::capture::parse_hep: any input either decodes to a message
// whose payload lies inside the input, or is refused with a reason.
// Input: one UDP payload.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <variant>

#include "capture/hep.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace cap = sipdiff::capture;
    const auto parsed = cap::parse_hep(cap::ByteSpan{data, size});
    if (const auto* m = std::get_if<cap::HepMessage>(&parsed)) {
        if (m->payload.data < data || m->payload.data + m->payload.size > data + size) {
            std::abort();  // a payload outside the packet
        }
    } else if (std::get<cap::ParseError>(parsed).reason.empty()) {
        std::abort();  // refused without saying why
    }
    return 0;
}
