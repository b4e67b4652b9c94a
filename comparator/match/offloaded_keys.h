// Reads a RecordSource on the calling thread and has its records keyed on the reading thread of a
// ReadAhead, a couple of batches ahead. On two cores the matcher's thread reads the trace and
// matches, the other thread reads the capture and keys both: about the same work each, where
// keying the trace on the matcher's thread left the other core idle a third of the time.
#pragma once

#include <deque>
#include <memory>

#include "match/read_ahead.h"
#include "match/record_batch.h"

namespace sipdiff::match {

class OffloadedKeys : public KeyedSource {
  public:
    // `source` must report to `relay`; all three must outlive this object.
    OffloadedKeys(RecordSource& source, ProblemRelay& relay, ReadAhead& keyer);
    // Takes back the batches still queued for keying.
    ~OffloadedKeys() override;
    OffloadedKeys(const OffloadedKeys&) = delete;
    OffloadedKeys& operator=(const OffloadedKeys&) = delete;

    // Throws what the source threw, once the records read before it are consumed.
    bool next(KeyedRecord& out) override;
    // Its bytes hold the next record read.
    void retire(Record&& done) override { spare_.give(std::move(done.bytes)); }

  private:
    // Reads and queues batches until kAhead of them wait for keying or the source ended.
    void read_ahead();

    RecordSource& source_;
    ProblemRelay& relay_;
    ReadAhead& keyer_;
    std::deque<std::unique_ptr<KeyingJob>> queued_;
    bool source_ended_ = false;
    BatchCursor cursor_;
    sip::Message scratch_;  // for batches keyed here after all
    SpareBuffers spare_;
};

}  // namespace sipdiff::match
