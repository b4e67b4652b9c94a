#include "sip/chan_sip_folding.h"

#include <optional>

#include "sip/message.h"

namespace sipdiff::sip {
namespace {

bool blank(char c) {
    return c == ' ' || c == '\t';
}

// The Content-Length of the headers in `head` (each line ending in CRLF), if one parses.
std::optional<std::size_t> content_length(std::string_view head) {
    auto parsed = parse_message(head);
    const auto* m = std::get_if<Message>(&parsed);
    return m != nullptr ? m->content_length() : std::nullopt;
}

}  // namespace

std::string chan_sip_folded_text(std::string_view wire) {
    std::string out;
    out.reserve(wire.size());
    bool in_blanks = false;  // the last byte kept was a blank in the headers
    bool after_lf = false;   // the last byte kept (CRs aside) was an LF
    bool in_headers = true;  // no empty line seen yet
    for (std::size_t i = 0; i < wire.size(); ++i) {
        const char c = wire[i];
        if (c == '\r') {
            continue;
        }
        if (c == '\n') {
            if (after_lf) {
                in_headers = false;
            }
            after_lf = true;
            if (i + 1 == wire.size()) {
                break;  // the last LF is dropped
            }
            if (in_headers && blank(wire[i + 1])) {
                continue;  // a continuation line joins the one before
            }
            out += c;
            in_blanks = false;
            continue;
        }
        after_lf = false;
        if (blank(c) && in_headers) {
            if (!in_blanks) {
                out += c;
            }
            in_blanks = true;
            continue;
        }
        in_blanks = false;
        out += c;
    }
    return out;
}

std::string wire_from_chan_sip_text(std::string_view printed) {
    std::string wire;
    wire.reserve(printed.size() + printed.size() / 16 + 2);
    for (char c : printed) {
        if (c == '\n') {
            wire += '\r';
        }
        wire += c;
    }
    wire += "\r\n";
    const std::size_t head_end = wire.find("\r\n\r\n");
    if (head_end != std::string::npos) {
        const std::size_t body = head_end + 4;
        std::optional<std::size_t> length = content_length(std::string_view(wire).substr(0, body));
        if (length && wire.size() - body == *length + 2) {
            wire.resize(wire.size() - 2);  // the body had no line end of its own
        }
    }
    return wire;
}

std::string fold_like_chan_sip(std::string_view wire) {
    return wire_from_chan_sip_text(chan_sip_folded_text(wire));
}

}  // namespace sipdiff::sip
