#include "digest/text_store.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace digest {

KeptText TextStore::keep(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    const auto size = static_cast<std::uint32_t>(
        std::min<std::size_t>(text.size(), std::numeric_limits<std::uint32_t>::max() - 1));
    auto* copy = static_cast<char*>(arena_.allocate(size + 1, 1));
    std::memcpy(copy, text.data(), size);
    copy[size] = '\0';
    return {copy, size};
}

}  // namespace digest
