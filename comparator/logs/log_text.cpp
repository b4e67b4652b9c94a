#include "logs/log_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "logs/field_parsers.h"

namespace sipdiff::logs {
namespace {

constexpr std::int64_t kSecondNs = 1'000'000'000;

std::string date_of(const std::tm& tm) {
    return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace

bool consume(std::string_view& s, std::string_view word) {
    if (s.substr(0, word.size()) != word) {
        return false;
    }
    s.remove_prefix(word.size());
    return true;
}

bool consume_suffix(std::string_view& s, std::string_view tail) {
    if (s.size() <= tail.size() || s.substr(s.size() - tail.size()) != tail) {
        return false;
    }
    s.remove_suffix(tail.size());
    return true;
}

std::optional<Direction> take_direction(std::string_view& s, std::string_view received,
                                        std::string_view sent) {
    if (consume(s, received)) {
        return Direction::Received;
    }
    if (consume(s, sent)) {
        return Direction::Sent;
    }
    return std::nullopt;
}

std::optional<Transport> take_transport(std::string_view& s) {
    std::string_view rest = s;
    std::optional<std::string_view> name = take_until(rest, ':');
    std::optional<Transport> transport = name ? parse_transport(*name) : std::nullopt;
    if (!transport) {
        return std::nullopt;
    }
    s = rest.substr(1);
    return transport;
}

std::optional<std::string_view> take_until(std::string_view& s, char stop) {
    const std::size_t at = s.find(stop);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view taken = s.substr(0, at);
    s.remove_prefix(at);
    return taken;
}

std::optional<std::size_t> take_count(std::string_view& s, std::size_t max, std::string_view then) {
    std::optional<std::string_view> digits = take_until(s, ' ');
    std::optional<std::uint64_t> count = digits ? parse_uint(*digits, max) : std::nullopt;
    if (!count || !consume(s, then)) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(*count);
}

std::optional<std::size_t> append_logged_line(std::string& wire, std::size_t size,
                                              std::string_view line) {
    const std::size_t need = size - wire.size();
    if (line.size() + 2 <= need) {
        wire.append(line).append("\r\n");
        return line.size();
    }
    if (line.size() + 1 == need) {
        return std::nullopt;
    }
    const std::size_t taken = std::min(line.size(), need);
    wire.append(line.substr(0, taken));
    return taken;
}

std::string_view strip_colours(std::string_view line) {
    while (line.substr(0, 2) == "\x1b[") {
        std::size_t end = 2;
        while (end < line.size() && (line[end] < '@' || line[end] > '~')) {
            ++end;
        }
        line.remove_prefix(end < line.size() ? end + 1 : line.size());
    }
    return line;
}

std::optional<std::int64_t> parse_time_of_day(std::string_view t) {
    if (t.size() < 8 || t[2] != ':' || t[5] != ':') {
        return std::nullopt;
    }
    auto h = parse_uint(t.substr(0, 2), 23);
    auto m = parse_uint(t.substr(3, 2), 59);
    auto s = parse_uint(t.substr(6, 2), 60);
    if (!h || !m || !s) {
        return std::nullopt;
    }
    std::int64_t fraction = 0;
    if (t.size() > 8) {
        std::optional<std::int64_t> f = t[8] == '.' || t[8] == ','
                                            ? parse_epoch_ns("0." + std::string(t.substr(9)))
                                            : std::nullopt;
        if (!f) {
            return std::nullopt;
        }
        fraction = *f;
    }
    return static_cast<std::int64_t>(*h * 3600 + *m * 60 + *s) * kSecondNs + fraction;
}

std::string add_days(std::string_view date, int days) {
    std::tm tm{};
    tm.tm_year = static_cast<int>(parse_uint(date.substr(0, 4), 9999).value_or(1970)) - 1900;
    tm.tm_mon = static_cast<int>(parse_uint(date.substr(5, 2), 12).value_or(1)) - 1;
    tm.tm_mday = static_cast<int>(parse_uint(date.substr(8, 2), 31).value_or(1)) + days;
    tm.tm_hour = 12;
    const std::time_t t = timegm(&tm);
    std::tm normal{};
    gmtime_r(&t, &normal);
    return date_of(normal);
}

std::string utc_date(std::int64_t ns) {
    const std::time_t t = static_cast<std::time_t>(ns / kSecondNs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return date_of(tm);
}

std::string local_text(std::string_view date, std::int64_t time_of_day_ns) {
    const std::int64_t s = time_of_day_ns / kSecondNs;
    return fmt::format("{} {:02}:{:02}:{:02}.{:09}", date, s / 3600, s / 60 % 60, s % 60,
                       time_of_day_ns % kSecondNs);
}

}  // namespace sipdiff::logs
