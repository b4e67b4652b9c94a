// The interface every input of sipdiff implements: a capture reader or a trace-log reader hands
// out Records one at a time and reports damaged input to a ProblemSink instead of failing.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "record.h"

namespace sipdiff {

// Damaged or unrecognised input that was skipped: where, and why. Never fatal on its own.
// A notice says something about the input as a whole (it holds HEP packets, its snapshot
// length cuts TCP segments) without a record being skipped for it.
struct Problem {
    Origin where;
    std::string reason;
    bool notice = false;
};

class ProblemSink {
  public:
    virtual ~ProblemSink() = default;
    virtual void report(Problem problem) = 0;
};

// An input that cannot be read at all (missing file, unknown format): the caller exits with 2.
struct OpenError {
    std::string message;  // says which file and why
};

class RecordSource {
  public:
    virtual ~RecordSource() = default;
    // Fills `out` with the next record and returns true, or returns false at the end.
    virtual bool next(Record& out) = 0;
};

template <typename T>
using OrError = std::variant<T, OpenError>;

}  // namespace sipdiff
