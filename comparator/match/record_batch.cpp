#include "match/record_batch.h"

#include <cstdint>
#include <utility>

namespace sipdiff::match {

void ProblemRelay::report(Problem problem) {
    if (!holding_) {
        sink_.report(std::move(problem));
        return;
    }
    held_.push_back(HeldProblem{next_, std::move(problem)});
}

std::vector<HeldProblem> ProblemRelay::take_held() {
    std::vector<HeldProblem> taken = std::move(held_);
    held_.clear();
    return taken;
}

namespace {

// Enough for the records in flight between reading and retiring; more would only hold memory.
constexpr std::size_t kMaxSpare = 4096;

}  // namespace

std::string SpareBuffers::take() {
    if (spare_.empty()) {
        return {};
    }
    std::string buffer = std::move(spare_.back());
    spare_.pop_back();
    buffer.clear();
    return buffer;
}

void SpareBuffers::give(std::string&& buffer) {
    if (spare_.size() < kMaxSpare) {
        spare_.push_back(std::move(buffer));
    }
}

RecordBatch read_batch(RecordSource& source, ProblemRelay& relay, sip::Message* scratch,
                       SpareBuffers* spare) {
    RecordBatch batch;
    batch.records.reserve(kBatchRecords);
    try {
        while (batch.records.size() < kBatchRecords) {
            relay.reading_record(batch.records.size());
            KeyedRecord r;
            if (spare != nullptr) {
                r.record.bytes = spare->take();
            }
            if (!source.next(r.record)) {
                batch.last = true;
                break;
            }
            if (scratch != nullptr) {
                r.key = record_key(r.record, *scratch);
            }
            batch.records.push_back(std::move(r));
        }
    } catch (...) {
        batch.error = std::current_exception();
        batch.last = true;
    }
    batch.problems = relay.take_held();
    return batch;
}

void key_batch(RecordBatch& batch, sip::Message& scratch) {
    for (KeyedRecord& r : batch.records) {
        r.key = record_key(r.record, scratch);
    }
}

void BatchCursor::start(RecordBatch&& batch) {
    current_ = std::move(batch);
    pos_ = 0;
    delivered_ = 0;
}

void BatchCursor::deliver_problems(std::size_t up_to) {
    while (delivered_ < current_.problems.size() && current_.problems[delivered_].before <= up_to) {
        relay_.pass_on(std::move(current_.problems[delivered_].problem));
        ++delivered_;
    }
}

BatchCursor::Step BatchCursor::step(KeyedRecord& out) {
    if (pos_ < current_.records.size()) {
        deliver_problems(pos_);
        out = std::move(current_.records[pos_++]);
        return Step::Record;
    }
    deliver_problems(SIZE_MAX);
    if (ended_) {
        return Step::End;
    }
    if (!current_.last) {
        return Step::NeedBatch;
    }
    ended_ = true;
    if (current_.error) {
        std::rethrow_exception(current_.error);
    }
    return Step::End;
}

}  // namespace sipdiff::match
