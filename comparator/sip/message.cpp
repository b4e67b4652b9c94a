#include "sip/message.h"

#include <charconv>

#include "sip/header_names.h"

namespace sipdiff::sip {
namespace {

constexpr std::string_view kVersion = "SIP/2.0";

// Splits off one line (CRLF or bare LF). Returns false when no line end is left.
bool take_line(std::string_view& rest, std::string_view& line) {
    std::size_t lf = rest.find('\n');
    if (lf == std::string_view::npos) {
        return false;
    }
    line = rest.substr(0, lf);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    rest.remove_prefix(lf + 1);
    return true;
}

// Why a header line that did not parse as "name: value" is wrong.
ParseError header_line_error(std::string_view line) {
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return ParseError{"header line without ':'"};
    }
    if (trim_blanks(line.substr(0, colon)).empty()) {
        return ParseError{"header line with an empty name"};
    }
    return ParseError{"bad character in header name"};
}

// "name [blanks] : [blanks] value [blanks]", in one pass over the name: this runs for every
// header of every message, so it does not search the line for ':' first.
std::optional<ParseError> parse_header_line(std::string_view line, Header& h) {
    std::size_t i = 0;
    while (i < line.size() && is_token_char(line[i])) {
        ++i;
    }
    std::size_t name_end = i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
    }
    if (name_end == 0 || i == line.size() || line[i] != ':') {
        return header_line_error(line);
    }
    h.name = line.substr(0, name_end);
    h.value = trim_blanks(line.substr(i + 1));
    return std::nullopt;
}

}  // namespace

std::optional<ParseError> parse_start_line(std::string_view line, Message& m) {
    m.start_line = line;
    if (line.size() > kVersion.size() && line.substr(0, kVersion.size()) == kVersion &&
        line[kVersion.size()] == ' ') {
        std::string_view rest = line.substr(kVersion.size() + 1);
        std::string_view code = rest.substr(0, 3);
        int status = 0;
        auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), status);
        if (ec != std::errc() || ptr != code.data() + 3 || status < 100 || status > 699 ||
            (rest.size() > 3 && rest[3] != ' ')) {
            return ParseError{"bad status code in start line"};
        }
        m.is_request = false;
        m.status = status;
        m.reason = rest.size() > 4 ? rest.substr(4) : std::string_view();
        return std::nullopt;
    }
    std::size_t sp1 = line.find(' ');
    std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.substr(sp2 + 1) != kVersion) {
        return ParseError{"start line is neither a SIP/2.0 request nor a response"};
    }
    m.method = line.substr(0, sp1);
    for (char c : m.method) {
        if (!is_token_char(c)) {
            return ParseError{"bad method in start line"};
        }
    }
    m.uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (m.method.empty() || m.uri.empty()) {
        return ParseError{"empty method or Request-URI"};
    }
    m.is_request = true;
    return std::nullopt;
}

std::optional<std::string_view> Message::header(std::string_view canonical) const {
    for (const Header& h : headers) {
        if (header_name_is(h.name, canonical)) {
            return h.value;
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> Message::content_length() const {
    std::optional<std::string_view> v = header("content-length");
    if (!v || v->empty()) {
        return std::nullopt;
    }
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || ptr != v->data() + v->size()) {
        return std::nullopt;
    }
    return n;
}

std::optional<ParseError> parse_message_into(std::string_view bytes, Message& m) {
    std::vector<Header> headers = std::move(m.headers);  // keeps its capacity
    headers.clear();
    m = Message{};
    m.headers = std::move(headers);
    std::string_view rest = bytes;
    std::string_view line;
    if (!take_line(rest, line)) {
        return ParseError{"no line end after the start line"};
    }
    if (auto err = parse_start_line(line, m)) {
        return *err;
    }
    if (m.headers.capacity() < 16) {
        m.headers.reserve(16);
    }
    bool folded_last = false;
    for (;;) {
        if (!take_line(rest, line)) {
            return ParseError{"headers do not end with an empty line (message truncated?)"};
        }
        if (line.empty()) {
            break;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            if (m.headers.empty()) {
                return ParseError{"continuation line before the first header"};
            }
            Header& h = m.headers.back();
            if (!folded_last) {
                m.unfolded.push_back(std::make_unique<std::string>(h.value));
                folded_last = true;
            }
            std::string& joined = *m.unfolded.back();
            std::string_view more = trim_blanks(line);
            if (!more.empty()) {
                if (!joined.empty()) {
                    joined += ' ';
                }
                joined.append(more);
            }
            h.value = joined;
            continue;
        }
        folded_last = false;
        Header h;
        if (auto err = parse_header_line(line, h)) {
            return *err;
        }
        m.headers.push_back(h);
    }
    m.body = rest;
    return std::nullopt;
}

std::variant<Message, ParseError> parse_message(std::string_view bytes) {
    Message m;
    if (std::optional<ParseError> err = parse_message_into(bytes, m)) {
        return *err;
    }
    return m;
}

}  // namespace sipdiff::sip
