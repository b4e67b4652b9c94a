#include "sip/framing.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "ascii.h"
#include "sip/message.h"

namespace sipdiff::sip {
namespace {

constexpr std::string_view kVersion = "SIP/2.0";

// Is `part` a (case-insensitive) prefix of "SIP/2.0"?
bool version_prefix(std::string_view part) {
    return part.size() <= kVersion.size() && iequals(part, kVersion.substr(0, part.size()));
}

bool is_status_line(std::string_view line) {
    // "SIP/2.0 NNN" followed by the end or a space and the reason phrase.
    if (line.size() < kVersion.size() + 4 || !iequals(line.substr(0, kVersion.size()), kVersion) ||
        line[kVersion.size()] != ' ') {
        return false;
    }
    for (std::size_t i = kVersion.size() + 1; i < kVersion.size() + 4; ++i) {
        if (std::isdigit(static_cast<unsigned char>(line[i])) == 0) {
            return false;
        }
    }
    return line.size() == kVersion.size() + 4 || line[kVersion.size() + 4] == ' ';
}

bool is_request_line(std::string_view line) {
    // METHOD SP Request-URI SP SIP/2.0, the URI with a scheme ("sip:", "sips:", "tel:", ...).
    const std::size_t sp1 = line.find(' ');
    if (sp1 == 0 || sp1 == std::string_view::npos) {
        return false;
    }
    for (std::size_t i = 0; i < sp1; ++i) {
        if (!is_token_char(line[i])) {
            return false;
        }
    }
    const std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp2 == sp1 + 1) {
        return false;
    }
    const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::size_t colon = uri.find(':');
    if (colon == 0 || colon == std::string_view::npos) {
        return false;
    }
    return iequals(line.substr(sp2 + 1), kVersion);
}

// Could an incomplete first line (no LF yet) still become a SIP start line?
bool may_become_start_line(std::string_view part) {
    if (!part.empty() && part.back() == '\r') {
        part.remove_suffix(1);  // the LF is still to come
    }
    for (unsigned char c : part) {
        if (c < 0x20 && c != '\r') {
            return false;  // control bytes: binary, not SIP
        }
    }
    if (version_prefix(part.substr(0, std::min(part.size(), kVersion.size())))) {
        return true;
    }
    const std::size_t sp1 = part.find(' ');
    const std::size_t method_end = sp1 == std::string_view::npos ? part.size() : sp1;
    if (method_end == 0) {
        return false;
    }
    for (std::size_t i = 0; i < method_end; ++i) {
        if (!is_token_char(part[i])) {
            return false;
        }
    }
    if (sp1 == std::string_view::npos) {
        return true;
    }
    const std::size_t sp2 = part.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) {
        return true;
    }
    if (sp2 == sp1 + 1) {
        return false;
    }
    return version_prefix(part.substr(sp2 + 1));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// End of the header section: offset just past the blank line, or npos.
std::size_t find_headers_end(std::string_view data, std::size_t limit) {
    std::size_t pos = 0;
    const std::size_t scan = std::min(data.size(), limit);
    while (pos < scan) {
        const void* hit = std::memchr(data.data() + pos, '\n', scan - pos);
        if (hit == nullptr) {
            return std::string_view::npos;
        }
        const std::size_t lf =
            static_cast<std::size_t>(static_cast<const char*>(hit) - data.data());
        // A blank line follows this LF: either "\n" or "\r\n".
        if (lf + 1 < data.size() && data[lf + 1] == '\n') {
            return lf + 2;
        }
        if (lf + 2 < data.size() && data[lf + 1] == '\r' && data[lf + 2] == '\n') {
            return lf + 3;
        }
        pos = lf + 1;
    }
    return std::string_view::npos;
}

}  // namespace

StartLine classify_start_line(std::string_view data, const FramingLimits& limits) {
    const std::size_t lf = data.find('\n');
    if (lf == std::string_view::npos) {
        if (data.size() >= limits.max_start_line) {
            return StartLine::NotSip;
        }
        return may_become_start_line(data) ? StartLine::NeedMore : StartLine::NotSip;
    }
    if (lf > limits.max_start_line) {
        return StartLine::NotSip;
    }
    std::string_view line = data.substr(0, lf);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return is_status_line(line) || is_request_line(line) ? StartLine::Sip : StartLine::NotSip;
}

bool is_sip_datagram(std::string_view datagram, const FramingLimits& limits) {
    return classify_start_line(datagram, limits) == StartLine::Sip;
}

long long find_content_length(std::string_view headers) {
    long long found = -1;
    std::size_t pos = headers.find('\n');  // skip the start line
    while (pos != std::string_view::npos && pos + 1 < headers.size()) {
        const std::size_t begin = pos + 1;
        std::size_t end = headers.find('\n', begin);
        // Follow folded lines (continuations start with a space or tab).
        while (end != std::string_view::npos && end + 1 < headers.size() &&
               (headers[end + 1] == ' ' || headers[end + 1] == '\t')) {
            end = headers.find('\n', end + 1);
        }
        const std::string_view line =
            headers.substr(begin, (end == std::string_view::npos ? headers.size() : end) - begin);
        pos = end;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view name = trim(line.substr(0, colon));
        if (!iequals(name, "Content-Length") && !iequals(name, "l")) {
            continue;
        }
        std::string_view value = line.substr(colon + 1);
        const std::size_t first = value.find_first_not_of(" \t\r\n");
        value = first == std::string_view::npos
                    ? std::string_view{}
                    : value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
        long long n = 0;
        bool digits = false;
        for (char c : value) {
            if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
                return -2;  // also "1 0": white space only around the number
            }
            if (n > 1'000'000'000'000LL) {
                return -2;
            }
            n = n * 10 + (c - '0');
            digits = true;
        }
        if (!digits || (found >= 0 && found != n)) {
            return -2;
        }
        found = n;
    }
    return found;
}

Framed frame_stream_message(std::string_view stream, const FramingLimits& limits) {
    Framed out;
    while (out.skipped < stream.size() &&
           (stream[out.skipped] == '\r' || stream[out.skipped] == '\n')) {
        ++out.skipped;
    }
    const std::string_view msg = stream.substr(out.skipped);
    if (msg.empty()) {
        out.kind = Framed::Kind::NeedMore;
        return out;
    }
    switch (classify_start_line(msg, limits)) {
        case StartLine::NotSip:
            out.kind = Framed::Kind::NotSip;
            return out;
        case StartLine::NeedMore:
            out.kind = Framed::Kind::NeedMore;
            return out;
        case StartLine::Sip:
            break;
    }
    const std::size_t headers_end = find_headers_end(msg, limits.max_header_bytes);
    if (headers_end == std::string_view::npos) {
        if (msg.size() >= limits.max_header_bytes) {
            out.kind = Framed::Kind::Invalid;
            out.reason =
                "no end of headers within " + std::to_string(limits.max_header_bytes) + " bytes";
        } else {
            out.kind = Framed::Kind::NeedMore;
        }
        return out;
    }
    const long long body = find_content_length(msg.substr(0, headers_end));
    if (body == -2) {
        out.kind = Framed::Kind::Invalid;
        out.reason = "unreadable Content-Length";
        return out;
    }
    if (body > static_cast<long long>(limits.max_body_bytes)) {
        out.kind = Framed::Kind::Invalid;
        out.reason = "Content-Length " + std::to_string(body) + " exceeds " +
                     std::to_string(limits.max_body_bytes);
        return out;
    }
    out.content_length_missing = body < 0;
    const std::size_t total = headers_end + static_cast<std::size_t>(body < 0 ? 0 : body);
    if (total > msg.size()) {
        out.kind = Framed::Kind::NeedMore;
        return out;
    }
    out.kind = Framed::Kind::Message;
    out.length = total;
    return out;
}

std::size_t find_start_line(std::string_view data, std::size_t from, const FramingLimits& limits) {
    std::size_t pos = from;
    if (pos > data.size()) {
        return std::string_view::npos;
    }
    if (pos != 0) {
        // Move to the next line start at or after `from`.
        if (data[pos - 1] != '\n') {
            pos = data.find('\n', pos);
            if (pos == std::string_view::npos) {
                return std::string_view::npos;
            }
            ++pos;
        }
    }
    while (pos < data.size()) {
        const StartLine kind = classify_start_line(data.substr(pos), limits);
        if (kind != StartLine::NotSip) {
            return pos;
        }
        pos = data.find('\n', pos);
        if (pos == std::string_view::npos) {
            return std::string_view::npos;
        }
        ++pos;
    }
    return std::string_view::npos;
}

bool is_websocket_upgrade(std::string_view data) {
    if (data.substr(0, 4) != "GET ") {
        return false;
    }
    const std::string_view head = data.substr(0, data.find("\r\n\r\n"));
    constexpr std::string_view kUpgrade = "\r\nupgrade: websocket";
    for (std::size_t i = 0; i + kUpgrade.size() <= head.size(); ++i) {
        if (iequals(head.substr(i, kUpgrade.size()), kUpgrade)) {
            return true;
        }
    }
    return false;
}

}  // namespace sipdiff::sip
