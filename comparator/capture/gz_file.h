// Opens an input file as a stdio stream, inflating gzip on the fly (streaming, no full copy in
// memory and no temporary file) when the file starts with the gzip magic bytes. "-" is standard
// input; it, pipes (`<(ssh host cat trace.pcap)`) and devices are read once, as they come.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <variant>

namespace sipdiff::capture {

struct InputFile {
    std::FILE* file = nullptr;  // the caller owns it (fclose, or pcap_close for a pcap handle)
    bool gzip = false;
    // For gzip input: zlib's complaint about damaged or truncated data, once there is one. The
    // stream reports end of file at that point; this says why. Shared so that it outlives file.
    std::shared_ptr<const std::string> gzip_error;
    // The stdio buffer of a plain file (larger than stdio's 4 kB, for fewer read calls); it must
    // outlive file.
    std::shared_ptr<char[]> buffer;
};

// Error text (without the path) when the file cannot be opened.
std::variant<InputFile, std::string> open_input(const std::string& path);

}  // namespace sipdiff::capture
