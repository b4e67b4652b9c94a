#include "logs/field_parsers.h"

#include "ascii.h"

namespace sipdiff::logs {

std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.size() > 19) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > max) {
        return std::nullopt;
    }
    return v;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    const std::optional<std::uint64_t> port = parse_uint(text, 65535);
    return port ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(*port)) : std::nullopt;
}

std::optional<std::int64_t> parse_epoch_ns(std::string_view text) {
    std::size_t dot = text.find('.');
    std::optional<std::uint64_t> sec = parse_uint(text.substr(0, dot), 9'000'000'000ULL);
    if (!sec) {
        return std::nullopt;
    }
    std::int64_t ns = static_cast<std::int64_t>(*sec) * 1'000'000'000;
    if (dot == std::string_view::npos) {
        return ns;
    }
    std::string_view frac = text.substr(dot + 1);
    if (frac.empty() || frac.size() > 9) {
        return std::nullopt;
    }
    std::int64_t f = 0;
    for (std::size_t i = 0; i < 9; ++i) {
        char c = i < frac.size() ? frac[i] : '0';
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        f = f * 10 + (c - '0');
    }
    return ns + f;
}

std::optional<Transport> parse_transport(std::string_view word) {
    // Compared in place, without a lower-case copy: this runs for every record of a trace.
    if (iequals(word, "udp"))
        return Transport::Udp;
    if (iequals(word, "tcp"))
        return Transport::Tcp;
    if (iequals(word, "tls"))
        return Transport::Tls;
    if (iequals(word, "sctp"))
        return Transport::Sctp;
    if (iequals(word, "ws"))
        return Transport::Ws;
    if (iequals(word, "wss"))
        return Transport::Wss;
    return std::nullopt;
}

std::optional<Endpoint> parse_host_port(std::string_view text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::nullopt;
    }
    std::string_view host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const std::optional<std::uint16_t> port = parse_port(text.substr(colon + 1));
    if (!port || host.empty()) {
        return std::nullopt;
    }
    return Endpoint{std::string(host), *port};
}

bool split_key_value(std::string_view line, std::string_view& key, std::string_view& value) {
    // Keys are a few letters: a plain loop beats a memchr call per line.
    std::size_t colon = 0;
    while (colon < line.size() && line[colon] != ':') {
        ++colon;
    }
    if (colon == line.size() || colon == 0) {
        return false;
    }
    key = line.substr(0, colon);
    value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    while (!value.empty() &&
           (value.back() == ' ' || value.back() == '\r' || value.back() == '\t')) {
        value.remove_suffix(1);
    }
    return true;
}

}  // namespace sipdiff::logs
