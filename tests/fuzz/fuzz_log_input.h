// Shared by the trace-log targets: serves the fuzz input to a TextCursor in reads of a size the
// input chooses (like a pipe or a gzip stream does), and counts the problems reported.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <variant>

#include "logs/byte_reader.h"
#include "logs/local_time.h"
#include "source.h"

namespace fuzz {

// The zone the trace targets read local times in.
inline const sipdiff::logs::LocalZone& utc_zone() {
    static const sipdiff::logs::LocalZone zone =
        std::get<sipdiff::logs::LocalZone>(sipdiff::logs::LocalZone::parse("UTC"));
    return zone;
}

// The read size a trace input chooses with its last byte (mod 128; 0: whole reads), so that
// trace files are seeds as they are.
inline std::size_t read_size(std::string_view trace) {
    return trace.empty() ? 0 : static_cast<std::uint8_t>(trace.back()) & 0x7f;
}

class ChunkedReader : public sipdiff::logs::ByteReader {
  public:
    // chunk 0: as much as asked for.
    ChunkedReader(std::string_view bytes, std::size_t chunk) : bytes_(bytes), chunk_(chunk) {}

    std::size_t read(char* buf, std::size_t n) override {
        std::size_t take = std::min(n, bytes_.size());
        if (chunk_ != 0) {
            take = std::min(take, chunk_);
        }
        std::memcpy(buf, bytes_.data(), take);
        bytes_.remove_prefix(take);
        return take;
    }

  private:
    std::string_view bytes_;
    std::size_t chunk_;
};

class CountingSink : public sipdiff::ProblemSink {
  public:
    void report(sipdiff::Problem problem) override {
        ++count;
        last = std::move(problem.reason);
    }
    std::size_t count = 0;
    std::string last;
};

// Reads every record; aborts when a record is longer than the input or there are more records
// than the input has bytes (a reader that makes up data or never ends).
// `max_record_bytes`: how long a record may be (a reader that turns LF back into CRLF makes
// records up to twice as long as the lines they come from).
inline void read_all_records(sipdiff::RecordSource& reader, std::size_t input_size,
                             std::size_t max_record_bytes) {
    sipdiff::Record record;
    std::size_t records = 0;
    while (reader.next(record)) {
        if (record.bytes.size() > max_record_bytes || ++records > input_size + 1) {
            std::abort();
        }
    }
}

}  // namespace fuzz
