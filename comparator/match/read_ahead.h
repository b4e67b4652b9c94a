// Reads a RecordSource on a thread of its own, a few batches ahead of the matcher, and keys the
// records there: reading the trace, reading the capture and matching then run side by side.
//
// The source reports damaged input to a ProblemRelay instead of the real sink. Problems found
// on the reading thread travel in the batch with the records and reach the real sink on the
// matcher's thread, just before the record that followed them: the same sink calls, in the same
// order, as when the source is read without a thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "match/keyed_source.h"

namespace sipdiff::match {

class ProblemRelay : public ProblemSink {
  public:
    explicit ProblemRelay(ProblemSink& sink) : sink_(sink) {}
    void report(Problem problem) override;

  private:
    friend class ReadAhead;
    struct Held {
        std::size_t before = 0;  // index in its batch of the record it comes before
        Problem problem;
    };

    ProblemSink& sink_;
    bool holding_ = false;  // set once a reading thread runs: only it reports from then on
    std::size_t next_ = 0;  // index in the batch of the record being read
    std::vector<Held> held_;
};

class ReadAhead : public KeyedSource {
  public:
    // Starts reading. `source` must report to `relay`; both must outlive this object.
    ReadAhead(RecordSource& source, ProblemRelay& relay);
    // Stops the reading thread, even in the middle of the input.
    ~ReadAhead() override;
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // Throws what the source threw, once the records read before it are consumed.
    bool next(KeyedRecord& out) override;
    // Freed on the reading thread when it hands over its next batch.
    void retire(Record&& done) override;

  private:
    struct Batch {
        std::vector<KeyedRecord> records;
        std::vector<ProblemRelay::Held> problems;
        bool last = false;
        std::exception_ptr error;
    };

    void read(RecordSource& source);
    Batch fill(RecordSource& source, sip::Message& scratch);
    // Hands problems held for records up to `index` (all of them: SIZE_MAX) to the real sink.
    void deliver_problems(std::size_t index);

    ProblemRelay& relay_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> ready_;
    std::vector<Record> to_free_;  // retired records on their way back to the reading thread
    bool stop_ = false;
    bool reading_ = true;  // false once the reading thread has handed over its last batch

    Batch current_;                // the batch being consumed
    std::vector<Record> retired_;  // since the last hand-over
    std::size_t pos_ = 0;
    std::size_t delivered_ = 0;  // problems of current_ already delivered
    bool ended_ = false;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace sipdiff::match
