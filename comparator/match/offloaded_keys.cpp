#include "match/offloaded_keys.h"

#include <utility>

namespace sipdiff::match {
namespace {

// Batches read and queued for keying beyond the one being consumed: enough that the keying
// thread, busy with a batch of its own, is never what the matcher waits for.
constexpr std::size_t kAhead = 2;

}  // namespace

OffloadedKeys::OffloadedKeys(RecordSource& source, ProblemRelay& relay, ReadAhead& keyer)
    : source_(source), relay_(relay), keyer_(keyer), cursor_(relay) {
    relay_.hold(true);
}

OffloadedKeys::~OffloadedKeys() {
    for (const std::unique_ptr<KeyingJob>& job : queued_) {
        keyer_.withdraw(*job);
    }
    relay_.hold(false);
}

void OffloadedKeys::read_ahead() {
    while (!source_ended_ && queued_.size() < kAhead) {
        auto job = std::make_unique<KeyingJob>();
        job->batch = read_batch(source_, relay_, nullptr, &spare_);
        source_ended_ = job->batch.last;
        keyer_.key_later(*job);
        queued_.push_back(std::move(job));
    }
}

bool OffloadedKeys::next(KeyedRecord& out) {
    return cursor_.next(out, [this]() -> std::optional<RecordBatch> {
        read_ahead();
        if (queued_.empty()) {
            return std::nullopt;  // not reached: the last batch ends the cursor
        }
        std::unique_ptr<KeyingJob> job = std::move(queued_.front());
        queued_.pop_front();
        if (!keyer_.wait_keyed_or_take_back(*job)) {
            key_batch(job->batch, scratch_);  // that thread is behind: not worth waiting
        }
        read_ahead();  // keyed there while this batch is consumed here
        return std::move(job->batch);
    });
}

}  // namespace sipdiff::match
