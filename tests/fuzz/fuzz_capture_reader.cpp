// Fuzzes the capture reader end to end: the input is written to a temporary file and opened with
// sipdiff::capture::open_capture (pcap or pcapng, plain or gzip, through libpcap), then every
// record is read (link layers, IP reassembly, UDP, TCP reassembly, SIP framing, HEP packets when
// the capture is read as a trace).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <variant>

#include "capture/capture_reader.h"
#include "sip/framing.h"
#include "source.h"

namespace {

class CountingSink : public sipdiff::ProblemSink {
  public:
    void report(sipdiff::Problem) override { ++count; }
    std::size_t count = 0;
};

// The temporary file, removed at exit (a plain array: it outlives static destructors).
char g_path[512];

void remove_temp() {
    std::remove(g_path);
}

const char* temp_path() {
    if (g_path[0] == '\0') {
        const char* dir = std::getenv("TMPDIR");
        std::snprintf(g_path, sizeof g_path, "%s/sipaudit-fuzz-capture-%ld.pcap",
                      dir != nullptr && *dir != '\0' ? dir : "/tmp", static_cast<long>(getpid()));
        std::atexit(remove_temp);
    }
    return g_path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = temp_path();
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0) {
        std::perror(path.c_str());
        std::abort();
    }
    CountingSink problems;
    // Read as the LOG (HEP packets decoded) when the file's size is even, as every pcapng's is,
    // and as the CAPTURE when odd: a capture file stays a valid input either way.
    sipdiff::capture::CaptureOptions options;
    options.hep = size % 2 == 0;
    auto opened = sipdiff::capture::open_capture(path, options, problems);
    auto* source = std::get_if<std::unique_ptr<sipdiff::RecordSource>>(&opened);
    if (source == nullptr) {
        return 0;
    }
    sipdiff::Record record;
    std::size_t records = 0;
    while ((*source)->next(record)) {
        if (record.bytes.empty() || record.origin.frame == 0 || ++records > 100000) {
            std::abort();
        }
        // UDP datagrams and framed TCP messages alike begin with a SIP start line; a message the
        // snapshot length cut (full_size set) may end inside it.
        const sipdiff::sip::StartLine start = sipdiff::sip::classify_start_line(record.bytes);
        const bool cut_inside_start_line =
            record.full_size > 0 && start == sipdiff::sip::StartLine::NeedMore;
        if (start != sipdiff::sip::StartLine::Sip && !cut_inside_start_line) {
            std::abort();
        }
    }
    return 0;
}
