#include "match/read_ahead.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

namespace sipdiff::match {
namespace {

// At most kQueued + 2 batches of the source's own exist at once.
constexpr std::size_t kQueued = 4;

}  // namespace

ReadAhead::ReadAhead(RecordSource& source, ProblemRelay& relay) : relay_(relay), cursor_(relay) {
    relay_.hold(true);
    thread_ = std::thread([this, &source] { read(source); });
}

ReadAhead::~ReadAhead() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
    relay_.hold(false);
}

// Reads a batch ahead, hands it over once there is room, and keys the jobs queued meanwhile
// first: the thread that queued them is waiting for them sooner than for the next batch. Stays
// to key jobs after the source ended, until stopped.
void ReadAhead::read(RecordSource& source) {
    sip::Message scratch;
    std::vector<Record> freeing;
    std::optional<RecordBatch> pending;
    bool reading = true;
    for (;;) {
        if (reading && !pending) {
            pending = read_batch(source, relay_, &scratch);
        }
        KeyingJob* job = nullptr;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] {
                return stop_ || !jobs_.empty() || (pending && ready_.size() < kQueued);
            });
            if (stop_) {
                return;
            }
            if (!jobs_.empty()) {
                job = jobs_.front();
                jobs_.pop_front();
            } else {
                reading = !pending->last;
                reading_ = reading;
                ready_.push_back(std::move(*pending));
                pending.reset();
                freeing.swap(to_free_);
            }
        }
        if (job != nullptr) {
            std::exception_ptr error;
            try {
                key_batch(job->batch, scratch);
            } catch (...) {
                error = std::current_exception();
            }
            std::lock_guard<std::mutex> lock(mutex_);
            job->error = error;
            job->done = true;
        }
        changed_.notify_all();
        freeing.clear();
    }
}

void ReadAhead::retire(Record&& done) {
    retired_.push_back(std::move(done));
}

RecordBatch ReadAhead::take_ready() {
    RecordBatch batch;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return !ready_.empty(); });
        batch = std::move(ready_.front());
        ready_.pop_front();
        if (reading_ && to_free_.empty()) {
            to_free_.swap(retired_);
        } else if (reading_) {
            to_free_.insert(to_free_.end(), std::make_move_iterator(retired_.begin()),
                            std::make_move_iterator(retired_.end()));
        }
    }
    retired_.clear();  // after the last batch there is no reading thread to free them
    changed_.notify_all();
    return batch;
}

bool ReadAhead::next(KeyedRecord& out) {
    return cursor_.next(out, [this] { return std::optional<RecordBatch>(take_ready()); });
}

void ReadAhead::key_later(KeyingJob& job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        job.done = false;
        jobs_.push_back(&job);
    }
    changed_.notify_all();
}

bool ReadAhead::wait_keyed_or_take_back(KeyingJob& job) {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        const auto queued = std::find(jobs_.begin(), jobs_.end(), &job);
        if (queued != jobs_.end()) {
            jobs_.erase(queued);
            return false;
        }
        changed_.wait(lock, [&job] { return job.done; });
    }
    if (job.error) {
        std::rethrow_exception(job.error);
    }
    return true;
}

void ReadAhead::withdraw(KeyingJob& job) {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto queued = std::find(jobs_.begin(), jobs_.end(), &job);
    if (queued != jobs_.end()) {
        jobs_.erase(queued);
        return;
    }
    changed_.wait(lock, [&job] { return job.done; });
}

}  // namespace sipdiff::match
