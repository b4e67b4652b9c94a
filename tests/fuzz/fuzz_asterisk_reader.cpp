// Fuzzes the Asterisk PJSIP logger reader (sipdiff::logs::asterisk_pjsip_reader over a TextCursor
// fed in reads of varying size, times in UTC, with years near a fixed capture start), its record
// header parser and trace format detection. The input is the trace; its last byte (mod 128) also
// sets the read size (0: whole reads), so trace files are seeds as they are.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <variant>

#include "fuzz_log_input.h"
#include "logs/asterisk_pjsip.h"
#include "logs/format.h"
#include "logs/local_time.h"
#include "logs/text_cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const sipdiff::logs::LocalZone& zone = fuzz::utc_zone();
    const std::string_view trace(reinterpret_cast<const char*>(data), size);
    const std::size_t chunk = fuzz::read_size(trace);
    (void)sipdiff::logs::detect_format(trace.substr(0, 4096));
    (void)sipdiff::logs::parse_asterisk_record_header(trace.substr(0, trace.find('\n')));

    fuzz::CountingSink problems;
    auto cursor = std::make_unique<sipdiff::logs::TextCursor>(
        std::make_unique<fuzz::ChunkedReader>(trace, chunk));
    auto reader = sipdiff::logs::asterisk_pjsip_reader(std::move(cursor), "fuzz.log", zone,
                                                       1'795'483'000'000'000'000LL, problems);
    fuzz::read_all_records(*reader, trace.size(), 2 * trace.size());
    return 0;
}
