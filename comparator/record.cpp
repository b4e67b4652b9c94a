#include "record.h"

#include <mutex>
#include <set>

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

}  // namespace sipdiff
