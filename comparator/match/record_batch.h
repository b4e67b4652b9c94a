// Records handed from one thread to another in batches (read_ahead.h, offloaded_keys.h), with the
// problems their source reported while reading them.
//
// The source reports damaged input to a ProblemRelay instead of the real sink. While the relay
// holds, each problem is kept with the index of the record it came before, travels in the batch
// and reaches the real sink on the consuming thread just before that record: the same sink calls,
// in the same order, as when the source is read where its records are consumed.
#pragma once

#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "match/keyed_source.h"

namespace sipdiff::match {

struct HeldProblem {
    std::size_t before = 0;  // index in its batch of the record it comes before
    Problem problem;
};

class ProblemRelay : public ProblemSink {
  public:
    explicit ProblemRelay(ProblemSink& sink) : sink_(sink) {}
    void report(Problem problem) override;

    // From hold(true) on, problems wait in the relay (the thread reading the source reports
    // them) until a batch takes them; hold(false) passes them straight on again.
    void hold(bool holding) { holding_ = holding; }
    // The index in the batch being read of the record the source reads next.
    void reading_record(std::size_t index) { next_ = index; }
    std::vector<HeldProblem> take_held();
    // To the real sink, on the consuming thread.
    void pass_on(Problem problem) { sink_.report(std::move(problem)); }

  private:
    ProblemSink& sink_;
    bool holding_ = false;
    std::size_t next_ = 0;
    std::vector<HeldProblem> held_;
};

struct RecordBatch {
    std::vector<KeyedRecord> records;
    std::vector<HeldProblem> problems;
    bool last = false;         // the source ended (or threw) after these records
    std::exception_ptr error;  // what it threw, for the consumer to rethrow after the records
};

// Byte buffers of records done with, for the next records read on the same thread: a message's
// bytes then reuse memory that already holds one instead of a new allocation each (a tenth of
// the reading thread's time went to allocating and freeing them).
class SpareBuffers {
  public:
    // An empty string, with room when there is a spare one.
    std::string take();
    void give(std::string&& buffer);

  private:
    std::vector<std::string> spare_;
};

// Large enough to make the hand-over between threads rare, small enough that the records read
// ahead take little memory.
constexpr std::size_t kBatchRecords = 512;

// Reads the next kBatchRecords records of `source`, which reports to `relay`, into buffers from
// `spare` when given. Keys them when `scratch` is given (reusable storage for record_key());
// otherwise their keys are left for key_batch().
RecordBatch read_batch(RecordSource& source, ProblemRelay& relay, sip::Message* scratch,
                       SpareBuffers* spare = nullptr);

void key_batch(RecordBatch& batch, sip::Message& scratch);

// The consuming side: hands out the records of successive batches in order, each held problem
// just before its record, and the source's exception after the last record before it.
class BatchCursor {
  public:
    explicit BatchCursor(ProblemRelay& relay) : relay_(relay) {}

    // The next record into `out`, or false at the end. `next_batch()` gives the batch that
    // follows the current one (std::optional<RecordBatch>; nullopt: there is none). Throws what
    // the source threw once the records before it are consumed.
    template <typename NextBatch>
    bool next(KeyedRecord& out, NextBatch next_batch) {
        for (;;) {
            switch (step(out)) {
                case Step::Record:
                    return true;
                case Step::End:
                    return false;
                case Step::NeedBatch:
                    std::optional<RecordBatch> batch = next_batch();
                    if (!batch) {
                        return false;
                    }
                    start(std::move(*batch));
                    break;
            }
        }
    }

  private:
    enum class Step { Record, NeedBatch, End };
    Step step(KeyedRecord& out);
    void start(RecordBatch&& batch);
    void deliver_problems(std::size_t up_to);

    ProblemRelay& relay_;
    RecordBatch current_;
    std::size_t pos_ = 0;
    std::size_t delivered_ = 0;  // problems of current_ already delivered
    bool ended_ = false;
};

}  // namespace sipdiff::match
