// Sources and sinks for the tests of the threads that read and key records (read_ahead.h,
// offloaded_keys.h): every record and problem a reader sees, in order.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "match/keyed_source.h"
#include "test_sources.h"

namespace sipdiff::match::testing_batches {

using testing::kSecond;

// Every event a reader of `source` sees, in order: "record <line>", or "problem <reason>".
using Events = std::vector<std::string>;

// A source of `n` distinct requests that reports a problem before every `every`-th record and
// one at its end, and throws instead of giving record `throw_at` (none: -1).
class DamagedSource : public RecordSource {
  public:
    DamagedSource(ProblemSink& sink, int n, int every, int throw_at = -1)
        : sink_(sink), n_(n), every_(every), throw_at_(throw_at) {}

    bool next(Record& out) override {
        if (i_ == n_) {
            sink_.report(Problem{Origin{"trace", 0, 0}, "the end"});
            ++i_;
            return false;
        }
        if (i_ > n_) {
            return false;
        }
        if (i_ == throw_at_) {
            throw std::runtime_error("read failed");
        }
        if (i_ % every_ == 0) {
            sink_.report(Problem{Origin{"trace", 0, 0}, "before " + std::to_string(i_)});
        }
        out = testing::record(i_ * kSecond, testing::sip_request("call-" + std::to_string(i_), 1),
                              testing::client(), testing::server(), Direction::Received,
                              static_cast<std::uint64_t>(i_), true);
        ++i_;
        return true;
    }

  private:
    ProblemSink& sink_;
    int n_, every_, throw_at_, i_ = 0;
};

class EventSink : public ProblemSink {
  public:
    explicit EventSink(Events& events) : events_(events) {}
    void report(Problem p) override { events_.push_back("problem " + p.reason); }

  private:
    Events& events_;
};

inline void drain(KeyedSource& source, Events& events, std::vector<std::uint64_t>* keys = nullptr) {
    KeyedRecord r;
    while (source.next(r)) {
        events.push_back("record " + std::to_string(r.record.origin.line));
        if (keys != nullptr) {
            keys->push_back(r.key);
        }
    }
}

}  // namespace sipdiff::match::testing_batches
