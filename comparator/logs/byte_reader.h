// Where a text trace's bytes come from: a file (plain or gzip) or, in tests, a string.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "source.h"

namespace sipdiff::logs {

class ByteReader {
  public:
    virtual ~ByteReader() = default;
    // Reads up to `n` bytes into `buf`; returns 0 at the end of input or after a read error.
    virtual std::size_t read(char* buf, std::size_t n) = 0;
    // Why the input ended early, or empty when it simply ended.
    virtual std::string error() const { return {}; }
};

// Serves the bytes of a string (for tests and for data already in memory).
std::unique_ptr<ByteReader> string_reader(std::string bytes);

// Opens a file for reading; gzip files are decompressed on the fly, other files read as they are.
// "-" is standard input.
OrError<std::unique_ptr<ByteReader>> open_file_reader(const std::string& path);

}  // namespace sipdiff::logs
