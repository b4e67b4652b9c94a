// Fuzzes the kamailio sipdump text reader (sipdiff::logs::sipdump_text_reader over a TextCursor
// fed in reads of varying size) and trace format detection. The input is the trace; its last
// byte (mod 128) also sets the read size (0: whole reads), so trace files are seeds as they are.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzz_log_input.h"
#include "logs/format.h"
#include "logs/sipdump_text.h"
#include "logs/text_cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view trace(reinterpret_cast<const char*>(data), size);
    const std::size_t chunk = fuzz::read_size(trace);
    (void)sipdiff::logs::detect_format(trace.substr(0, 4096));
    (void)sipdiff::logs::is_capture_magic(trace);

    fuzz::CountingSink problems;
    auto cursor = std::make_unique<sipdiff::logs::TextCursor>(
        std::make_unique<fuzz::ChunkedReader>(trace, chunk));
    auto reader = sipdiff::logs::sipdump_text_reader(std::move(cursor), "fuzz.data", problems);
    fuzz::read_all_records(*reader, trace.size(), trace.size());
    return 0;
}
