// The identity of a SIP message for pairing: what stays the same when a middlebox rewrites
// addresses or a sender retransmits, so that two copies can be found even when their bytes differ.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sip/message.h"

namespace sipdiff::sip {

// Hash of Call-ID, CSeq (number and method), method or status code, and the top Via branch.
std::uint64_t identity_key(const Message& m);

// identity_key() of the message in `bytes` when its header lines are all plain "name: value"
// lines, found without building a Message (scratch holds its start line); nullopt when there
// is anything else (a folded or damaged line, no end of headers): then parse the message fully.
std::optional<std::uint64_t> plain_identity_key(std::string_view bytes, Message& scratch);

// identity_key() of a message of which `bytes` holds only the start (a capture's snapshot length
// cut it), from the header lines wholly inside it; nullopt unless those include the start line,
// Call-ID, CSeq and Via.
std::optional<std::uint64_t> cut_identity_key(std::string_view bytes, Message& scratch);

// Hash of raw bytes, for messages that do not parse as SIP.
std::uint64_t bytes_key(std::string_view bytes);

// The value of the "branch" parameter of a Via header value, or empty.
std::string_view via_branch(std::string_view via_value);

}  // namespace sipdiff::sip
