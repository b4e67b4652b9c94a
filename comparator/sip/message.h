// A parsed SIP message (RFC 3261 §7): start line, headers in order, body. Every view points into
// the bytes given to parse_message(), which must outlive the Message; only folded header values
// are copied (into the Message itself).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sipdiff::sip {

struct Header {
    std::string_view name;   // as written: "Call-ID", "i", "CALL-ID"
    std::string_view value;  // folded lines joined with one space, outer whitespace trimmed
};

struct Message {
    bool is_request = false;
    std::string_view start_line;  // without its line end
    std::string_view method;      // requests
    std::string_view uri;         // requests
    int status = 0;               // responses
    std::string_view reason;      // responses
    std::vector<Header> headers;
    std::string_view body;  // everything after the empty line that ends the headers

    // First header with this canonical (lower-case, long) name, compact forms included.
    std::optional<std::string_view> header(std::string_view canonical) const;
    // Content-Length as a number, if present and numeric.
    std::optional<std::size_t> content_length() const;

    // Storage for unfolded values; unique_ptr keeps their addresses stable when moved.
    std::vector<std::unique_ptr<std::string>> unfolded;
};

struct ParseError {
    std::string reason;
};

// RFC 3261 token characters (methods, header names), as a table: every character of every
// header name is looked up.
inline constexpr std::array<bool, 256> kTokenChars = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) {
        t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("-.!%*_+`'~").find(static_cast<char>(c)) != std::string_view::npos;
    }
    return t;
}();

inline bool is_token_char(char c) {
    return kTokenChars[static_cast<unsigned char>(c)];
}

// Without the blanks (spaces and tabs) at either end, as header values are compared.
inline std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::variant<Message, ParseError> parse_message(std::string_view bytes);
// The start line alone (without its line end): sets is_request, start_line, method and uri or
// status and reason.
std::optional<ParseError> parse_start_line(std::string_view line, Message& m);
// parse_message() into `m`, reusing its storage (for callers that parse one message after another).
// After an error `m` holds what was parsed before it.
std::optional<ParseError> parse_message_into(std::string_view bytes, Message& m);

}  // namespace sipdiff::sip
