// A parsed SIP message (RFC 3261 §7): start line, headers in order, body. Every view points into
// the bytes given to parse_message(), which must outlive the Message; only folded header values
// are copied (into the Message itself).
#pragma once

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

std::variant<Message, ParseError> parse_message(std::string_view bytes);
// The same into `m`, reusing its storage (for callers that parse one message after another).
// After an error `m` holds what was parsed before it.
std::optional<ParseError> parse_message_into(std::string_view bytes, Message& m);

}  // namespace sipdiff::sip
