// Fuzzes the linphone log reader (sipdiff::logs::linphone_log_reader over a TextCursor fed in
// reads of varying size, times in UTC), its record header parser and trace format detection.
// The input is the log; its last byte (mod 128) also sets the read size (0: whole reads), so log
// files are seeds as they are.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzz_log_input.h"
#include "logs/format.h"
#include "logs/linphone_log.h"
#include "logs/local_time.h"
#include "logs/text_cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const sipdiff::logs::LocalZone& zone = fuzz::utc_zone();
    const std::string_view log(reinterpret_cast<const char*>(data), size);
    const std::size_t chunk = fuzz::read_size(log);
    (void)sipdiff::logs::detect_format(log.substr(0, 4096));
    (void)sipdiff::logs::parse_linphone_record_header(log.substr(0, log.find('\n')));

    fuzz::CountingSink problems;
    auto cursor = std::make_unique<sipdiff::logs::TextCursor>(
        std::make_unique<fuzz::ChunkedReader>(log, chunk));
    auto reader = sipdiff::logs::linphone_log_reader(std::move(cursor), "fuzz.log", zone, problems);
    fuzz::read_all_records(*reader, log.size(), 2 * log.size());
    return 0;
}
