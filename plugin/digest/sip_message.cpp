#include "digest/sip_message.h"

#include <charconv>

#include "digest/params.h"

namespace digest {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                             text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return text;
}

// The end of the header line starting at `pos`, following folded continuation lines.
std::size_t logical_line_end(std::string_view text, std::size_t pos) {
    while (true) {
        const std::size_t newline = text.find('\n', pos);
        if (newline == kNpos) {
            return text.size();
        }
        const std::size_t next = newline + 1;
        if (next < text.size() && (text[next] == ' ' || text[next] == '\t')) {
            pos = next;
            continue;
        }
        return next;
    }
}

bool parse_unsigned(std::string_view text, std::uint32_t& out) {
    text = trim(text);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end != text.data();
}

bool parse_start_line(std::string_view line, SipMessage& message) {
    static constexpr std::string_view kVersion = "SIP/2.0";
    line = trim(line);
    if (line.size() > kVersion.size() && iequals(line.substr(0, kVersion.size()), kVersion) &&
        line[kVersion.size()] == ' ') {
        std::uint32_t status = 0;
        const std::string_view rest = trim(line.substr(kVersion.size() + 1));
        const std::size_t space = rest.find(' ');
        if (!parse_unsigned(rest.substr(0, space), status) || status < 100 || status > 699) {
            return false;
        }
        message.status = status;
        message.reason = space == kNpos ? std::string_view() : trim(rest.substr(space + 1));
        return true;
    }
    const std::size_t first_space = line.find(' ');
    const std::size_t last_space = line.rfind(' ');
    if (first_space == kNpos || last_space == first_space ||
        !iequals(line.substr(last_space + 1), kVersion)) {
        return false;
    }
    message.is_request = true;
    message.method = line.substr(0, first_space);
    message.request_uri = trim(line.substr(first_space + 1, last_space - first_space));
    return !message.method.empty() && !message.request_uri.empty();
}

std::string_view branch_of_first_via(std::string_view via) {
    via = via.substr(0, via.find(','));
    std::size_t pos = 0;
    while ((pos = via.find(';', pos)) != kNpos) {
        ++pos;
        std::string_view param = trim(via.substr(pos, via.find(';', pos) - pos));
        const std::size_t equals = param.find('=');
        if (equals != kNpos && iequals(trim(param.substr(0, equals)), "branch")) {
            return trim(param.substr(equals + 1));
        }
    }
    return {};
}

enum class Wanted { None, Auth, CallId, CSeq, Via, ContentLength };

struct Classified {
    Wanted what = Wanted::None;
    AuthHeaderKind kind = AuthHeaderKind::Authorization;  // for Wanted::Auth
};

// Which of the headers we read `name` is. A message has a dozen headers and most are none of
// these, so the length and first letter sort them out before any comparison.
Classified classify(std::string_view name) {
    if (name.empty()) {
        return {};
    }
    const char first = static_cast<char>(name[0] | 0x20);
    switch (name.size()) {
        case 1:  // compact forms (RFC 3261 §7.3.3)
            if (first == 'i') {
                return {Wanted::CallId};
            }
            if (first == 'v') {
                return {Wanted::Via};
            }
            if (first == 'l') {
                return {Wanted::ContentLength};
            }
            return {};
        case 3:
            return iequals(name, "Via") ? Classified{Wanted::Via} : Classified{};
        case 4:
            return iequals(name, "CSeq") ? Classified{Wanted::CSeq} : Classified{};
        case 7:
            return iequals(name, "Call-ID") ? Classified{Wanted::CallId} : Classified{};
        case 13:
            return iequals(name, "Authorization")
                       ? Classified{Wanted::Auth, AuthHeaderKind::Authorization}
                       : Classified{};
        case 14:
            return iequals(name, "Content-Length") ? Classified{Wanted::ContentLength}
                                                   : Classified{};
        case 16:
            return iequals(name, "WWW-Authenticate")
                       ? Classified{Wanted::Auth, AuthHeaderKind::WwwAuthenticate}
                       : Classified{};
        case 18:
            return iequals(name, "Proxy-Authenticate")
                       ? Classified{Wanted::Auth, AuthHeaderKind::ProxyAuthenticate}
                       : Classified{};
        case 19:
            if (first == 'p') {
                return iequals(name, "Proxy-Authorization")
                           ? Classified{Wanted::Auth, AuthHeaderKind::ProxyAuthorization}
                           : Classified{};
            }
            return iequals(name, "Authentication-Info")
                       ? Classified{Wanted::Auth, AuthHeaderKind::AuthenticationInfo}
                       : Classified{};
        default:
            return {};
    }
}

void take_header(std::string_view name, std::string_view raw_value, SipMessage& message,
                 bool& seen_via, std::uint32_t& content_length, bool& has_content_length) {
    const Classified header = classify(trim(name));
    if (header.what == Wanted::None) {
        return;
    }
    const std::string_view value = trim(raw_value);
    switch (header.what) {
        case Wanted::Auth:
            message.auth_headers.push_back({header.kind, value});
            break;
        case Wanted::CallId:
            message.call_id = value;
            break;
        case Wanted::CSeq: {
            const std::size_t space = value.find_first_of(" \t");
            std::uint32_t number = 0;
            if (space != kNpos && parse_unsigned(value.substr(0, space), number)) {
                message.cseq_number = number;
                message.cseq_method = trim(value.substr(space + 1));
            }
            break;
        }
        case Wanted::Via:
            if (!seen_via) {
                seen_via = true;
                message.top_via_branch = branch_of_first_via(value);
            }
            break;
        case Wanted::ContentLength:
            has_content_length = parse_unsigned(value, content_length);
            break;
        case Wanted::None:
            break;
    }
}

// Only white space up to the line end: the blank line before the body. Header lines start with
// a letter, so this stops at once for them.
bool is_blank(std::string_view line) {
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            return false;
        }
    }
    return true;
}

// Whether "authorization" appears in `text` in any case: around each 'z' (rare in SIP but for
// the Via branch's "z9hG4bK"), found with memchr.
bool mentions_authorization(std::string_view text) {
    static constexpr std::string_view kWord = "authorization";
    static constexpr std::size_t kZ = kWord.find('z');
    for (const char z : {'z', 'Z'}) {
        for (std::size_t at = text.find(z, kZ); at != kNpos; at = text.find(z, at + 1)) {
            if (at + kWord.size() - kZ <= text.size() &&
                iequals(text.substr(at - kZ, kWord.size()), kWord)) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

std::string_view auth_header_name(AuthHeaderKind kind) {
    switch (kind) {
        case AuthHeaderKind::Authorization:
            return "Authorization";
        case AuthHeaderKind::ProxyAuthorization:
            return "Proxy-Authorization";
        case AuthHeaderKind::WwwAuthenticate:
            return "WWW-Authenticate";
        case AuthHeaderKind::ProxyAuthenticate:
            return "Proxy-Authenticate";
        case AuthHeaderKind::AuthenticationInfo:
            return "Authentication-Info";
    }
    return "Authorization";
}

SipTriage triage_sip_message(std::string_view bytes) {
    const std::size_t first_end = bytes.find('\n');
    SipMessage start;
    if (first_end == kNpos || !parse_start_line(bytes.substr(0, first_end), start)) {
        return SipTriage::NotSip;
    }
    if (!start.is_request) {
        return start.status >= 200 ? SipTriage::Parse : SipTriage::Skip;
    }
    return mentions_authorization(bytes.substr(first_end + 1)) ? SipTriage::Parse : SipTriage::Skip;
}

SipMessageResult parse_sip_message(std::string_view bytes) {
    SipMessageResult result;
    SipMessage& message = result.value;
    const std::size_t first_end = bytes.find('\n');
    if (first_end == kNpos || !parse_start_line(bytes.substr(0, first_end), message)) {
        result.error = "not a SIP request or status line";
        return result;
    }
    bool seen_via = false;
    bool has_content_length = false;
    std::uint32_t content_length = 0;
    std::size_t pos = first_end + 1;
    while (pos < bytes.size()) {
        const std::size_t end = logical_line_end(bytes, pos);
        const std::string_view line = bytes.substr(pos, end - pos);
        pos = end;
        if (is_blank(line)) {
            break;  // the blank line: the body follows
        }
        const std::size_t colon = line.find(':');
        if (colon == kNpos) {
            continue;  // not a header; the SIP dissector has flagged it already
        }
        take_header(line.substr(0, colon), line.substr(colon + 1), message, seen_via,
                    content_length, has_content_length);
    }
    std::string_view body = pos < bytes.size() ? bytes.substr(pos) : std::string_view{};
    if (has_content_length && content_length < body.size()) {
        body = body.substr(0, content_length);
    }
    message.body = body;
    return result;
}

}  // namespace digest
