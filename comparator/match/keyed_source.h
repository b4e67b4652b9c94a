// What the matcher consumes: records with their identity key already computed, so that the key
// can be computed where the record is read (on a reading thread, see read_ahead.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "sip/message.h"
#include "source.h"

namespace sipdiff::match {

struct KeyedRecord {
    Record record;
    std::uint64_t key = 0;  // record_key(record)
};

// Messages with the same key are copies of one message: method or status, Call-ID, CSeq and top
// Via branch (sip/identity.h); a message that does not parse, or was cut before those headers,
// is keyed by its whole bytes. `scratch` is reused storage, so that keying allocates nothing per
// record.
std::uint64_t record_key(const Record& record, sip::Message& scratch);

class KeyedSource {
  public:
    virtual ~KeyedSource() = default;
    // Fills `out` with the next record and returns true, or returns false at the end.
    virtual bool next(KeyedRecord& out) = 0;
    // Takes back a record its reader is done with. A source read on another thread frees it
    // there: memory freed by the thread that allocated it is reused at once, where a free from
    // another thread queues up on the allocator's lock.
    virtual void retire(Record&& done) { Record gone = std::move(done); }
};

// Keys the records of a source on the calling thread.
class InlineKeys : public KeyedSource {
  public:
    explicit InlineKeys(RecordSource& source) : source_(source) {}
    bool next(KeyedRecord& out) override;

  private:
    RecordSource& source_;
    sip::Message scratch_;
};

}  // namespace sipdiff::match
