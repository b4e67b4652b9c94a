#include "digest/text_store.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace digest {

KeptText TextStore::keep(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    const auto size = static_cast<std::uint32_t>(std::min<std::size_t>(
        text.size(), std::numeric_limits<std::uint32_t>::max() - sizeof(std::uint32_t) - 1));
    auto* block =
        static_cast<char*>(arena_.allocate(sizeof size + size + 1, alignof(std::uint32_t)));
    std::memcpy(block, &size, sizeof size);
    char* copy = block + sizeof size;
    std::memcpy(copy, text.data(), size);
    copy[size] = '\0';
    return KeptText(copy);
}

}  // namespace digest
