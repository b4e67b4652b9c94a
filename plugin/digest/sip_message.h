// Just enough of one SIP message for digest checking: start line, the headers that tie
// requests, challenges and answers together, the authentication headers and the exact body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

enum class AuthHeaderKind {
    Authorization,
    ProxyAuthorization,
    WwwAuthenticate,
    ProxyAuthenticate,
    AuthenticationInfo
};

std::string_view auth_header_name(AuthHeaderKind kind);

struct AuthHeader {
    AuthHeaderKind kind;
    std::string_view value;  // the header value, folding kept
};

// Views into the bytes given to parse_sip_message(): valid as long as those are.
struct SipMessage {
    bool is_request = false;
    std::string_view method;       // requests
    std::string_view request_uri;  // requests
    unsigned status = 0;           // responses
    std::string_view reason;       // responses: the reason phrase, maybe empty
    std::string_view call_id;
    std::uint32_t cseq_number = 0;
    std::string_view cseq_method;
    std::string_view top_via_branch;
    std::vector<AuthHeader> auth_headers;  // in message order
    std::string_view body;                 // exactly Content-Length bytes (or the rest)
};

struct SipMessageResult {
    SipMessage value;
    std::string error;  // empty when the message could be read

    bool ok() const { return error.empty(); }
};

// Parses one whole SIP message (as the SIP dissector delimits it).
SipMessageResult parse_sip_message(std::string_view bytes);

enum class SipTriage {
    NotSip,  // parse_sip_message() would fail
    Skip,    // a request without Authorization or Proxy-Authorization, or a provisional response
    Parse,   // anything else: it may carry credentials, a challenge or a final answer
};

// Sorts a message from its start line and one scan for "authorization" (in any case, anywhere),
// far cheaper than parse_sip_message(). Never Skip for a request with a credentials header.
SipTriage triage_sip_message(std::string_view bytes);

}  // namespace digest
