#include "match/read_ahead.h"

#include <cstdint>
#include <iterator>
#include <utility>

namespace sipdiff::match {
namespace {

// Large enough to make the hand-over between threads rare, small enough that the records read
// ahead take little memory: at most kQueued + 2 batches exist at once.
constexpr std::size_t kBatchRecords = 512;
constexpr std::size_t kQueued = 4;

}  // namespace

void ProblemRelay::report(Problem problem) {
    if (!holding_) {
        sink_.report(std::move(problem));
        return;
    }
    held_.push_back(Held{next_, std::move(problem)});
}

ReadAhead::ReadAhead(RecordSource& source, ProblemRelay& relay) : relay_(relay) {
    relay_.holding_ = true;
    thread_ = std::thread([this, &source] { read(source); });
}

ReadAhead::~ReadAhead() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
    relay_.holding_ = false;
}

ReadAhead::Batch ReadAhead::fill(RecordSource& source, sip::Message& scratch) {
    Batch batch;
    batch.records.reserve(kBatchRecords);
    try {
        while (batch.records.size() < kBatchRecords) {
            relay_.next_ = batch.records.size();
            KeyedRecord r;
            if (!source.next(r.record)) {
                batch.last = true;
                break;
            }
            r.key = record_key(r.record, scratch);
            batch.records.push_back(std::move(r));
        }
    } catch (...) {
        batch.error = std::current_exception();
        batch.last = true;
    }
    batch.problems = std::move(relay_.held_);
    relay_.held_.clear();
    return batch;
}

void ReadAhead::read(RecordSource& source) {
    sip::Message scratch;
    std::vector<Record> freeing;
    for (;;) {
        Batch batch = fill(source, scratch);
        bool last = batch.last;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [this] { return stop_ || ready_.size() < kQueued; });
            if (stop_) {
                return;
            }
            ready_.push_back(std::move(batch));
            freeing.swap(to_free_);
            reading_ = !last;
        }
        changed_.notify_all();
        freeing.clear();
        if (last) {
            return;
        }
    }
}

void ReadAhead::retire(Record&& done) {
    retired_.push_back(std::move(done));
}

void ReadAhead::deliver_problems(std::size_t index) {
    while (delivered_ < current_.problems.size() && current_.problems[delivered_].before <= index) {
        relay_.sink_.report(std::move(current_.problems[delivered_].problem));
        ++delivered_;
    }
}

bool ReadAhead::next(KeyedRecord& out) {
    while (pos_ >= current_.records.size()) {
        deliver_problems(SIZE_MAX);
        if (ended_) {
            return false;
        }
        if (current_.last) {
            ended_ = true;
            if (current_.error) {
                std::rethrow_exception(current_.error);
            }
            return false;
        }
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [this] { return !ready_.empty(); });
            current_ = std::move(ready_.front());
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
        pos_ = 0;
        delivered_ = 0;
    }
    deliver_problems(pos_);
    out = std::move(current_.records[pos_++]);
    return true;
}

}  // namespace sipdiff::match
