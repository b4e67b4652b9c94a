#include "capture/gz_file.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace sipdiff::capture {
namespace {

constexpr unsigned char kGzipMagic[2] = {0x1F, 0x8B};
constexpr unsigned kGzipBuffer = 256 * 1024;
constexpr std::size_t kPlainBuffer = 256 * 1024;

struct GzCookie {
    gzFile gz = nullptr;
    std::shared_ptr<std::string> error;
};

ssize_t gz_read(void* cookie, char* buf, size_t size) {
    auto* c = static_cast<GzCookie*>(cookie);
    if (!c->error->empty()) {
        return 0;
    }
    const unsigned chunk = size > (1u << 30) ? (1u << 30) : static_cast<unsigned>(size);
    const int n = gzread(c->gz, buf, chunk);
    if (n < 0) {
        int code = 0;
        const char* message = gzerror(c->gz, &code);
        *c->error = message != nullptr && *message != '\0' ? message : "gzip read error";
        return 0;  // reported as end of file; the reader adds the error to its message
    }
    if (n == 0) {
        int code = 0;
        const char* message = gzerror(c->gz, &code);
        if (code != Z_OK && message != nullptr && *message != '\0') {
            *c->error = message;
        }
    }
    return n;
}

int gz_close(void* cookie) {
    auto* c = static_cast<GzCookie*>(cookie);
    const int rc = gzclose_r(c->gz);
    delete c;
    return rc == Z_OK ? 0 : EOF;
}

// A zlib stream (gzip, or any other data passed through as it is) as a stdio stream.
std::variant<InputFile, std::string> zlib_stream(gzFile gz) {
    gzbuffer(gz, kGzipBuffer);
    auto error = std::make_shared<std::string>();
    auto* cookie = new GzCookie{gz, error};
    cookie_io_functions_t io{};
    io.read = gz_read;
    io.close = gz_close;
    std::FILE* stream = fopencookie(cookie, "rb", io);
    if (stream == nullptr) {
        gzclose_r(gz);
        delete cookie;
        return std::string("cannot create a stream for gzip data");
    }
    InputFile out;
    out.file = stream;
    out.gzip = gzdirect(gz) == 0;
    out.gzip_error = error;
    return out;
}

// Standard input, a pipe or a device: read once, so the magic bytes cannot be looked at first.
std::variant<InputFile, std::string> open_stream(int fd) {
    gzFile gz = gzdopen(fd, "rb");
    if (gz == nullptr) {
        close(fd);
        return std::string("cannot open stream: ") + std::strerror(errno);
    }
    return zlib_stream(gz);
}

}  // namespace

std::variant<InputFile, std::string> open_input(const std::string& path) {
    if (path == "-") {
        const int fd = dup(STDIN_FILENO);  // closed with the stream; standard input stays open
        if (fd < 0) {
            return std::string(std::strerror(errno));
        }
        return open_stream(fd);
    }
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        return std::string(std::strerror(errno));
    }
    struct stat st {};
    if (fstat(fileno(file), &st) == 0 && !S_ISREG(st.st_mode)) {
        const bool directory = S_ISDIR(st.st_mode);
        const int fd = directory ? -1 : dup(fileno(file));
        std::fclose(file);
        if (directory) {
            return std::string("is a directory");
        }
        if (fd < 0) {
            return std::string(std::strerror(errno));
        }
        return open_stream(fd);
    }
    std::shared_ptr<char[]> buffer(new char[kPlainBuffer]);
    std::setvbuf(file, buffer.get(), _IOFBF, kPlainBuffer);
    unsigned char magic[2] = {};
    const std::size_t got = std::fread(magic, 1, sizeof magic, file);
    const bool gzip = got == 2 && magic[0] == kGzipMagic[0] && magic[1] == kGzipMagic[1];
    if (!gzip) {
        std::rewind(file);
        InputFile out;
        out.file = file;
        out.buffer = std::move(buffer);
        return out;
    }
    std::fclose(file);

    gzFile gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) {
        return std::string("cannot open gzip stream: ") + std::strerror(errno);
    }
    return zlib_stream(gz);
}

}  // namespace sipdiff::capture
