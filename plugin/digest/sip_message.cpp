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
        if (!parse_unsigned(rest.substr(0, rest.find(' ')), status) || status < 100 ||
            status > 699) {
            return false;
        }
        message.status = status;
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

struct HeaderName {
    std::string_view full;
    char compact;
};

bool header_is(std::string_view name, HeaderName which) {
    return iequals(name, which.full) ||
           (which.compact != 0 && name.size() == 1 &&
            (name[0] == which.compact || name[0] == which.compact - 'a' + 'A'));
}

void take_header(std::string_view name, std::string_view value, SipMessage& message, bool& seen_via,
                 std::uint32_t& content_length, bool& has_content_length) {
    struct AuthName {
        std::string_view name;
        AuthHeaderKind kind;
    };
    static constexpr AuthName kAuthNames[] = {
        {"Authorization", AuthHeaderKind::Authorization},
        {"Proxy-Authorization", AuthHeaderKind::ProxyAuthorization},
        {"WWW-Authenticate", AuthHeaderKind::WwwAuthenticate},
        {"Proxy-Authenticate", AuthHeaderKind::ProxyAuthenticate},
        {"Authentication-Info", AuthHeaderKind::AuthenticationInfo},
    };
    const char first = static_cast<char>(name.empty() ? 0 : (name[0] | 0x20));
    if (name.size() >= 13 && (first == 'a' || first == 'p' || first == 'w')) {
        // Authorization, Authentication-Info, Proxy-*, WWW-Authenticate
        for (const AuthName& auth : kAuthNames) {
            if (iequals(name, auth.name)) {
                message.auth_headers.push_back({auth.kind, value});
                return;
            }
        }
    }
    if (header_is(name, {"Call-ID", 'i'})) {
        message.call_id = value;
    } else if (header_is(name, {"CSeq", 0})) {
        const std::size_t space = value.find_first_of(" \t");
        std::uint32_t number = 0;
        if (space != kNpos && parse_unsigned(value.substr(0, space), number)) {
            message.cseq_number = number;
            message.cseq_method = trim(value.substr(space + 1));
        }
    } else if (header_is(name, {"Via", 'v'}) && !seen_via) {
        seen_via = true;
        message.top_via_branch = branch_of_first_via(value);
    } else if (header_is(name, {"Content-Length", 'l'})) {
        has_content_length = parse_unsigned(value, content_length);
    }
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
        if (trim(line).empty()) {
            break;  // the blank line: the body follows
        }
        const std::size_t colon = line.find(':');
        if (colon == kNpos) {
            continue;  // not a header; the SIP dissector has flagged it already
        }
        take_header(trim(line.substr(0, colon)), trim(line.substr(colon + 1)), message, seen_via,
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
