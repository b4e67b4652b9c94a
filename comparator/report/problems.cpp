#include "report/problems.h"

#include <fmt/format.h>

namespace sipdiff::report {

std::string where(const Origin& o) {
    if (o.frame != 0) {
        return fmt::format("{} frame {}", o.file, o.frame);
    }
    if (o.line != 0) {
        return fmt::format("{}:{}", o.file, o.line);
    }
    return std::string(o.file);
}

void ProblemLog::report(Problem problem) {
    if (problem.notice) {
        if (out_ != nullptr) {
            *out_ << "sipdiff: note: " << where(problem.where) << ": " << problem.reason << '\n';
        }
        notices_.push_back(std::move(problem));  // each says something once per input
        return;
    }
    ++count_;
    if (out_ != nullptr && count_ <= show_) {
        *out_ << "sipdiff: " << where(problem.where) << ": " << problem.reason << '\n';
    }
    if (kept_.size() < keep_) {
        kept_.push_back(std::move(problem));
    }
}

}  // namespace sipdiff::report
