// Fuzzes sipdiff's SIP message parser: sipdiff::sip::parse_message, the header lookups
// (compact forms, Content-Length), header name canonicalisation and the identity used to pair
// messages, and that the identity shortcut (plain_identity_key) never disagrees with it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "sip/header_names.h"
#include "sip/identity.h"
#include "sip/message.h"

namespace {

// A view must point into the input or into one of the message's unfolded copies.
void check_view(std::string_view input, const sipdiff::sip::Message& m, std::string_view view) {
    if (view.empty()) {
        return;
    }
    const auto inside = [&view](std::string_view outer) {
        return view.data() >= outer.data() &&
               view.data() + view.size() <= outer.data() + outer.size();
    };
    if (inside(input)) {
        return;
    }
    for (const auto& copy : m.unfolded) {
        if (inside(*copy)) {
            return;
        }
    }
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)sipdiff::sip::bytes_key(bytes);
    sipdiff::sip::Message scratch;
    const std::optional<std::uint64_t> shortcut = sipdiff::sip::plain_identity_key(bytes, scratch);
    auto parsed = sipdiff::sip::parse_message(bytes);
    auto* m = std::get_if<sipdiff::sip::Message>(&parsed);
    if (m == nullptr) {
        if (shortcut) {
            std::abort();  // the shortcut accepted what the parser refuses
        }
        return 0;
    }
    if (shortcut && *shortcut != sipdiff::sip::identity_key(*m)) {
        std::abort();
    }
    for (const std::string_view view : {m->start_line, m->method, m->uri, m->reason, m->body}) {
        check_view(bytes, *m, view);
    }
    for (const sipdiff::sip::Header& header : m->headers) {
        check_view(bytes, *m, header.name);
        check_view(bytes, *m, header.value);
        const std::string canonical = sipdiff::sip::canonical_header_name(header.name);
        if (!sipdiff::sip::header_name_is(header.name, canonical)) {
            std::abort();
        }
        if (canonical == "via") {
            check_view(bytes, *m, sipdiff::sip::via_branch(header.value));
        }
    }
    for (const char* name :
         {"call-id", "cseq", "via", "from", "to", "content-length", "content-type", "contact"}) {
        if (const auto value = m->header(name)) {
            check_view(bytes, *m, *value);
        }
    }
    (void)m->content_length();
    (void)sipdiff::sip::identity_key(*m);

    // Moving the message keeps its views valid (the unfolded copies live on the heap).
    const sipdiff::sip::Message moved = std::move(*m);
    for (const sipdiff::sip::Header& header : moved.headers) {
        check_view(bytes, moved, header.value);
    }
    return 0;
}
