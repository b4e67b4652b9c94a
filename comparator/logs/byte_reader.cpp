#include "logs/byte_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace sipdiff::logs {
namespace {

class StringReader : public ByteReader {
  public:
    explicit StringReader(std::string bytes) : bytes_(std::move(bytes)) {}

    std::size_t read(char* buf, std::size_t n) override {
        std::size_t k = std::min(n, bytes_.size() - pos_);
        std::memcpy(buf, bytes_.data() + pos_, k);
        pos_ += k;
        return k;
    }

  private:
    std::string bytes_;
    std::size_t pos_ = 0;
};

// zlib's gz* functions read gzip members and pass other files through unchanged.
class GzFileReader : public ByteReader {
  public:
    GzFileReader(gzFile file, std::string path) : file_(file), path_(std::move(path)) {}
    ~GzFileReader() override { gzclose(file_); }
    GzFileReader(const GzFileReader&) = delete;
    GzFileReader& operator=(const GzFileReader&) = delete;

    std::size_t read(char* buf, std::size_t n) override {
        if (!error_.empty()) {
            return 0;
        }
        unsigned chunk =
            static_cast<unsigned>(std::min<std::size_t>(n, std::numeric_limits<int>::max() / 2));
        int got = gzread(file_, buf, chunk);
        if (got < 0) {
            int code = 0;
            const char* msg = gzerror(file_, &code);
            error_ = msg != nullptr ? msg : "read error";
            return 0;
        }
        if (got == 0 && !gzeof(file_)) {
            error_ = "read error";
        }
        return static_cast<std::size_t>(got);
    }

    std::string error() const override { return error_; }

  private:
    gzFile file_;
    std::string path_;
    std::string error_;
};

}  // namespace

std::unique_ptr<ByteReader> string_reader(std::string bytes) {
    return std::make_unique<StringReader>(std::move(bytes));
}

OrError<std::unique_ptr<ByteReader>> open_file_reader(const std::string& path) {
    gzFile file = nullptr;
    if (path == "-") {
        const int fd = dup(STDIN_FILENO);  // gzclose closes it; standard input stays open
        file = fd >= 0 ? gzdopen(fd, "rb") : nullptr;
        if (file == nullptr && fd >= 0) {
            close(fd);
        }
    } else {
        file = gzopen(path.c_str(), "rb");
    }
    if (file == nullptr) {
        return OpenError{path + ": cannot open: " + std::strerror(errno)};
    }
    gzbuffer(file, 1 << 17);
    return std::unique_ptr<ByteReader>(std::make_unique<GzFileReader>(file, path));
}

}  // namespace sipdiff::logs
