// The ProblemSink of the CLI: prints each damaged record as "file:line: reason" (or
// "file frame N: reason") to a stream as soon as it is found, up to `show` of them (a capture
// cut by a small snapshot length damages every frame: a million lines would bury the report),
// counts them all, and keeps the first ones for the JSON report. Notices are printed and kept
// apart ("note: ..."): they are not damaged records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "source.h"

namespace sipdiff::report {

std::string where(const Origin& o);

class ProblemLog : public ProblemSink {
  public:
    explicit ProblemLog(std::ostream* out, std::size_t keep = 1000, std::size_t show = 100)
        : out_(out), keep_(keep), show_(show) {}

    void report(Problem problem) override;

    std::uint64_t count() const { return count_; }
    // Problems counted but not printed.
    std::uint64_t unshown() const { return count_ > show_ ? count_ - show_ : 0; }
    const std::vector<Problem>& kept() const { return kept_; }
    const std::vector<Problem>& notices() const { return notices_; }

  private:
    std::ostream* out_;  // null: do not print
    std::size_t keep_;
    std::size_t show_;
    std::uint64_t count_ = 0;
    std::vector<Problem> kept_;
    std::vector<Problem> notices_;
};

}  // namespace sipdiff::report
