#include "record.h"

#include <mutex>
#include <set>

#include "sip/chan_sip_folding.h"

namespace sipdiff {

std::string_view file_name(std::string_view path) {
    // A handful of names per run, kept until the process ends; set nodes never move.
    static std::mutex mutex;
    static std::set<std::string, std::less<>> names;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = names.find(path);
    if (it == names.end()) {
        it = names.emplace(path).first;
    }
    return *it;
}

bool same_folded_bytes(const Record& a, const Record& b) {
    const Record& folded = a.folded ? a : b;
    const Record& other = a.folded ? b : a;
    std::string wire = sip::fold_like_chan_sip(other.bytes);
    if (!other.cut()) {
        return wire == folded.bytes;
    }
    // Cut short by the snapshot length: the part captured, without the line end that putting
    // the text back in wire form added after it, starts the folded copy.
    wire.resize(wire.size() - 2);
    return folded.bytes.compare(0, wire.size(), wire) == 0;
}

}  // namespace sipdiff
