#include "match/scope.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>

#include "logs/field_parsers.h"

namespace sipdiff::match {
namespace {

bool is_ip(const std::string& s) {
    unsigned char buf[16];
    return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// inet_ntop's spelling, so "::0001" matches "::1" as captures print it.
std::string normalise_ip(const std::string& s) {
    unsigned char buf[16];
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET6, s.c_str(), buf) == 1 &&
        inet_ntop(AF_INET6, buf, out, sizeof out) != nullptr) {
        return out;
    }
    return s;
}

}  // namespace

std::optional<EndpointPattern> parse_endpoint_pattern(std::string_view text) {
    EndpointPattern p;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        std::size_t close = text.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        p.ip = std::string(text.substr(1, close - 1));
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return std::nullopt;
            }
            port = rest.substr(1);
            if (port.empty()) {
                return std::nullopt;
            }
        }
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        std::size_t colon = text.find(':');
        p.ip = std::string(text.substr(0, colon));
        port = text.substr(colon + 1);
        if (port.empty()) {
            return std::nullopt;
        }
    } else {
        p.ip = std::string(text);
    }
    if (!is_ip(p.ip)) {
        return std::nullopt;
    }
    p.ip = normalise_ip(p.ip);
    if (!port.empty()) {
        const std::optional<std::uint16_t> n = logs::parse_port(port);
        if (!n || *n == 0) {
            return std::nullopt;
        }
        p.port = *n;
    }
    return p;
}

std::string to_string(const EndpointPattern& p) {
    bool v6 = p.ip.find(':') != std::string::npos;
    if (!p.port) {
        return p.ip;
    }
    return v6 ? fmt::format("[{}]:{}", p.ip, *p.port) : fmt::format("{}:{}", p.ip, *p.port);
}

std::string to_string(const Endpoint& e) {
    if (!e.known()) {
        return "?";
    }
    return to_string(EndpointPattern{e.ip, e.port});
}

void Scope::add(const EndpointPattern& p) {
    if (p.port) {
        exact_.emplace(p.ip, *p.port);
    } else {
        any_port_.insert(p.ip);
    }
}

void Scope::learn(const Endpoint& own) {
    if (own == last_learned_) {
        return;
    }
    exact_.insert({own.ip, own.port});  // unlike emplace, makes no node when it is known
    last_learned_ = own;
}

void Scope::learn_from_trace(const Record& r) {
    if (basis_ != Basis::TraceAddresses) {
        return;
    }
    const Endpoint& own = r.direction == Direction::Sent ? r.src : r.dst;
    if (r.direction != Direction::Unknown && own.known()) {
        learn(own);
    }
}

void Scope::learn_from_pair(Direction trace_direction, const Record& capture) {
    if (basis_ != Basis::CaptureContent) {
        return;
    }
    const Endpoint& own = trace_direction == Direction::Sent ? capture.src : capture.dst;
    if (trace_direction != Direction::Unknown && own.known()) {
        learn(own);
    }
}

bool Scope::contains(const Endpoint& e) const {
    return e.known() && (any_port_.count(e.ip) > 0 || exact_.count({e.ip, e.port}) > 0);
}

bool Scope::covers(const Record& r) const {
    return basis_ == Basis::Everything || contains(r.src) || contains(r.dst);
}

Direction Scope::direction_of(const Record& r) const {
    if (basis_ == Basis::Everything) {
        return Direction::Unknown;
    }
    if (contains(r.src)) {
        return Direction::Sent;
    }
    if (contains(r.dst)) {
        return Direction::Received;
    }
    return Direction::Unknown;
}

std::vector<std::string> Scope::describe() const {
    std::vector<std::string> out;
    for (const std::string& ip : any_port_) {
        out.push_back(ip + " (any port)");
    }
    for (const auto& [ip, port] : exact_) {
        out.push_back(to_string(EndpointPattern{ip, port}));
    }
    return out;
}

}  // namespace sipdiff::match
