#include <variant>

#include "match/outcome.h"
#include "sip/message.h"

namespace sipdiff::match {

Seen seen_from(const Record& r, Direction direction) {
    Seen s;
    s.origin = r.origin;
    s.time_ns = r.time_ns;
    s.transport = r.transport;
    s.src = r.src;
    s.dst = r.dst;
    s.direction = direction;
    s.size = r.bytes.size();
    s.full_size = r.full_size;
    // Of a cut message, the header lines it holds whole, closed by an empty line.
    const std::string held = r.cut() ? r.bytes.substr(0, r.bytes.rfind('\n') + 1) + "\r\n" : "";
    auto parsed = sip::parse_message(r.cut() ? std::string_view(held) : std::string_view(r.bytes));
    if (const auto* m = std::get_if<sip::Message>(&parsed)) {
        s.first_line = std::string(m->start_line);
        s.call_id = std::string(m->header("call-id").value_or(""));
        s.cseq = std::string(m->header("cseq").value_or(""));
    } else {
        std::string_view head(r.bytes);
        head = head.substr(0, std::min<std::size_t>(head.find_first_of("\r\n"), 80));
        s.first_line = std::string(head);
    }
    return s;
}

}  // namespace sipdiff::match
