// Small parsers for the fields of text trace records. Each returns nullopt on bad input.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "record.h"

namespace sipdiff::logs {

// "1795483000.503627" (seconds since the epoch, up to 9 fraction digits) -> nanoseconds.
std::optional<std::int64_t> parse_epoch_ns(std::string_view text);

// A decimal number that fits in T, nothing else.
std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max);

// A port number: 0-65535 in decimal, nothing else.
std::optional<std::uint16_t> parse_port(std::string_view text);

// "udp", "TCP", ... -> Transport; nullopt for an unknown word.
std::optional<Transport> parse_transport(std::string_view word);

// "1.2.3.4:5060", "[2001:db8::1]:5060", or (Asterisk before 13.24) "2001:db8::1:5060": the
// address and port a peer is named by; the port is the part after the last colon.
std::optional<Endpoint> parse_host_port(std::string_view text);

// "key: value" -> key and value (value without leading blanks and trailing CR/blanks).
bool split_key_value(std::string_view line, std::string_view& key, std::string_view& value);

}  // namespace sipdiff::logs
