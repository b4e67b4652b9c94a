// Reads a RecordSource on a thread of its own, a few batches ahead of the matcher, and keys the
// records there: reading the trace, reading the capture and matching then run side by side.
// Between its own batches the thread also keys batches another source read elsewhere
// (offloaded_keys.h), so that two cores can share the work evenly.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "match/keyed_source.h"
#include "match/record_batch.h"

namespace sipdiff::match {

// A batch read on another thread, to be keyed on a ReadAhead's.
struct KeyingJob {
    RecordBatch batch;
    bool done = false;         // guarded by the ReadAhead's lock
    std::exception_ptr error;  // keying failed (out of memory)
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

    // Queues `job` for keying on the reading thread; it must stay put until
    // wait_keyed_or_take_back() or withdraw() returns.
    void key_later(KeyingJob& job);
    // Waits until `job` is keyed (true; throws what keying threw), or takes it back when the
    // reading thread has not started on it yet (false: the caller keys it).
    bool wait_keyed_or_take_back(KeyingJob& job);
    // Takes `job` back, keyed or not: out of the queue, or waits for the keying under way.
    void withdraw(KeyingJob& job);

    // The reading thread, to place it on a core (separate_cores.h).
    std::thread& reading_thread() { return thread_; }

  private:
    void read(RecordSource& source);
    RecordBatch take_ready();

    ProblemRelay& relay_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<RecordBatch> ready_;
    std::deque<KeyingJob*> jobs_;
    std::vector<Record> to_free_;  // retired records on their way back to the reading thread
    bool stop_ = false;
    bool reading_ = true;  // false once the reading thread has handed over its last batch

    BatchCursor cursor_;
    std::vector<Record> retired_;  // since the last hand-over
    std::thread thread_;           // last: starts once everything above exists
};

}  // namespace sipdiff::match
