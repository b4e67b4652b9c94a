#include "logs/sofia_trace.h"

#include <fmt/format.h>

#include <ctime>

#include "logs/field_parsers.h"
#include "logs/log_text.h"

namespace sipdiff::logs {
namespace {

// tport_logging.c: MSG_SEPARATOR, and the indent of sofia-sip 1.12's message lines.
constexpr std::string_view kDashes =
    "------------------------------------------------------------------------";
constexpr std::string_view kIndent = "   ";
constexpr std::size_t kMaxMessageBytes = 1 << 20;
constexpr std::int64_t kSecondNs = 1'000'000'000;
constexpr std::int64_t kHalfDayNs = 12 * 3600 * kSecondNs;

// A freeswitch.log line "2026-11-24 09:04:02.452662 [DEBUG] ...": its date and time of day.
struct DatedLine {
    std::string date;
    std::int64_t time_of_day_ns = 0;
};

std::optional<DatedLine> parse_dated_line(std::string_view line) {
    if (line.size() < 19 || line[4] != '-' || line[7] != '-' || line[10] != ' ' ||
        !parse_uint(line.substr(0, 4), 9999) || !parse_uint(line.substr(5, 2), 12) ||
        !parse_uint(line.substr(8, 2), 31)) {
        return std::nullopt;
    }
    std::string_view time = line.substr(11);
    time = time.substr(0, time.find(' '));
    std::optional<std::int64_t> t = parse_time_of_day(time);
    if (!t) {
        return std::nullopt;
    }
    return DatedLine{std::string(line.substr(0, 10)), *t};
}

class SofiaTraceReader : public RecordSource {
  public:
    SofiaTraceReader(std::unique_ptr<TextCursor> cursor, std::string file_name,
                     const LocalZone& zone, SofiaDating dating, ProblemSink& problems)
        : in_(std::move(cursor)),
          file_(sipdiff::file_name(file_name)),
          zone_(zone),
          dating_(std::move(dating)),
          problems_(problems) {}

    bool next(Record& out) override {
        std::string_view line;
        std::uint64_t n = 0;
        while (read_line(line, n)) {
            line = strip_colours(line);
            if (std::optional<DatedLine> dated = parse_dated_line(line)) {
                dated_ = std::move(dated);
                continue;
            }
            std::optional<SofiaRecordHeader> header = parse_sofia_record_header(line);
            if (header && read_record(n, *header, out)) {
                return true;
            }
            // Anything else is another log line of FreeSWITCH's, or a blank line.
        }
        std::string err = in_->input_error();
        if (!err.empty()) {
            report(in_->line(), "input ends early: " + err);
        }
        return false;
    }

  private:
    void report(std::uint64_t line, std::string reason) {
        problems_.report(Problem{Origin{file_, line, 0}, std::move(reason)});
    }

    bool read_line(std::string_view& line, std::uint64_t& n) {
        if (pending_) {
            held_ = std::move(*pending_);
            pending_.reset();
            line = held_;
            n = pending_line_;
            return true;
        }
        n = in_->line();
        return in_->next_line(line);
    }

    void push_back(std::string_view line, std::uint64_t n) {
        pending_ = std::string(line);
        pending_line_ = n;
    }

    bool read_record(std::uint64_t start, const SofiaRecordHeader& header, Record& out) {
        std::string_view line;
        std::uint64_t n = 0;
        if (!read_line(line, n)) {
            report(start, "record cut short by the end of the file");
            return false;
        }
        std::size_t indent = 0;
        if (line.substr(0, kIndent.size()) == kIndent && line.substr(kIndent.size()) == kDashes) {
            indent = kIndent.size();
        } else if (line != kDashes) {
            report(n, "no line of dashes after the record's first line; record skipped");
            push_back(line, n);
            return false;
        }
        std::string wire;
        wire.reserve(header.size);
        while (wire.size() < header.size) {
            if (!read_line(line, n)) {
                report(start, "record cut short by the end of the file");
                return false;
            }
            if (indent > 0) {
                if (line.substr(0, indent) != kIndent) {
                    continue;  // another thread's log line: sofia-sip 1.12 logs line by line
                }
                line.remove_prefix(indent);
            }
            if (line == kDashes || parse_sofia_record_header(line)) {
                report(start, fmt::format("message shorter than its byte count {} (cut by the "
                                          "logger?); skipped",
                                          header.size));
                if (indent == 0) {
                    push_back(line, n);
                }
                return false;
            }
            const std::optional<std::size_t> taken = append_logged_line(wire, header.size, line);
            if (taken && *taken < line.size() && indent == 0) {
                // sofia-sip 1.13 before 1.13.8 glued the next log output to a body that does
                // not end with a line end.
                push_back(line.substr(*taken), n);
            } else if (!taken || *taken < line.size()) {
                report(start, fmt::format("message lines do not add up to its byte count {} "
                                          "(a line end other than CRLF?); skipped",
                                          header.size));
                return false;
            }
        }
        if (indent > 0) {
            if (!read_line(line, n)) {
                report(start, "no closing line of dashes");
            } else if (line.substr(0, indent) != kIndent || line.substr(indent) != kDashes) {
                report(n, "no closing line of dashes after the message");
                push_back(line, n);
            }
        }
        std::optional<std::int64_t> t = record_time(header.time_of_day_ns);
        if (!t) {
            report(start, "record time out of range; skipped");
            return false;
        }
        out.time_ns = *t;
        out.transport = header.transport;
        out.direction = header.direction;
        out.src = header.direction == Direction::Received ? header.remote : Endpoint{};
        out.dst = header.direction == Direction::Sent ? header.remote : Endpoint{};
        out.bytes = std::move(wire);
        out.full_size = 0;
        out.origin = Origin{file_, start, 0};
        return true;
    }

    // The record's local date: the latest dated line's (a day later or earlier across
    // midnight), or the date carried on from the previous record.
    std::optional<std::int64_t> record_time(std::int64_t time_of_day_ns) {
        if (dated_) {
            const std::int64_t ahead = time_of_day_ns - dated_->time_of_day_ns;
            date_ = ahead < -kHalfDayNs  ? add_days(dated_->date, 1)
                    : ahead > kHalfDayNs ? add_days(dated_->date, -1)
                                         : dated_->date;
        } else if (!date_.empty()) {
            if (time_of_day_ns + kHalfDayNs < last_time_of_day_ns_) {
                date_ = add_days(date_, 1);
            }
        } else {
            date_ = first_date(time_of_day_ns);
        }
        last_time_of_day_ns_ = time_of_day_ns;
        return zone_.to_utc_ns(local_text(date_, time_of_day_ns));
    }

    std::string first_date(std::int64_t time_of_day_ns) const {
        if (!dating_.first_date.empty()) {
            return dating_.first_date;
        }
        const std::int64_t near =
            dating_.near_ns.value_or(static_cast<std::int64_t>(std::time(nullptr)) * kSecondNs);
        std::string best = utc_date(near);
        std::int64_t best_distance = INT64_MAX;
        for (int days : {-1, 0, 1}) {
            std::string date = add_days(utc_date(near), days);
            if (std::optional<std::int64_t> t = zone_.to_utc_ns(local_text(date, time_of_day_ns))) {
                const std::int64_t distance = *t > near ? *t - near : near - *t;
                if (distance < best_distance) {
                    best = date;
                    best_distance = distance;
                }
            }
        }
        return best;
    }

    std::unique_ptr<TextCursor> in_;
    std::string_view file_;
    const LocalZone& zone_;
    SofiaDating dating_;
    ProblemSink& problems_;
    std::optional<std::string> pending_;  // a line read too far, to be read again
    std::uint64_t pending_line_ = 0;
    std::string held_;
    std::optional<DatedLine> dated_;
    std::string date_;
    std::int64_t last_time_of_day_ns_ = 0;
};

}  // namespace

std::optional<SofiaRecordHeader> parse_sofia_record_header(std::string_view line) {
    line = strip_colours(line);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    std::optional<Direction> direction = take_direction(line, "recv ", "send ");
    if (!direction) {
        return std::nullopt;
    }
    SofiaRecordHeader h;
    h.direction = *direction;
    std::optional<std::size_t> size = take_count(
        line, kMaxMessageBytes, h.direction == Direction::Received ? " bytes from " : " bytes to ");
    if (!size) {
        return std::nullopt;
    }
    std::optional<std::string_view> proto = take_until(line, '/');
    std::optional<Transport> transport = proto ? parse_transport(*proto) : std::nullopt;
    if (!transport || !consume(line, "/[")) {
        return std::nullopt;
    }
    std::optional<std::string_view> address = take_until(line, ']');
    if (!address || address->empty() || !consume(line, "]:")) {
        return std::nullopt;
    }
    std::size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') {
        ++digits;
    }
    const std::optional<std::uint16_t> port = parse_port(line.substr(0, digits));
    line.remove_prefix(digits);
    if (consume(line, "/")) {  // an IPv6 flow label
        while (!line.empty() && line.front() >= '0' && line.front() <= '9') {
            line.remove_prefix(1);
        }
    }
    consume(line, ";comp=sigcomp");
    if (!port || !consume(line, " at ") || line.empty() || line.back() != ':') {
        return std::nullopt;
    }
    std::optional<std::int64_t> time = parse_time_of_day(line.substr(0, line.size() - 1));
    if (!time) {
        return std::nullopt;
    }
    h.transport = *transport;
    h.remote = Endpoint{std::string(*address), *port};
    h.size = *size;
    h.time_of_day_ns = *time;
    return h;
}

bool looks_like_sofia_trace(std::string_view head) {
    bool after_header = false;
    for (std::size_t pos = 0; pos < head.size();) {
        std::size_t lf = head.find('\n', pos);
        if (lf == std::string_view::npos) {
            break;  // the last line may be cut
        }
        std::string_view line = strip_colours(head.substr(pos, lf - pos));
        if (after_header && (line == kDashes || (line.substr(0, kIndent.size()) == kIndent &&
                                                 line.substr(kIndent.size()) == kDashes))) {
            return true;
        }
        after_header = parse_sofia_record_header(line).has_value();
        pos = lf + 1;
    }
    return false;
}

std::unique_ptr<RecordSource> sofia_trace_reader(std::unique_ptr<TextCursor> cursor,
                                                 std::string file_name, const LocalZone& zone,
                                                 SofiaDating dating, ProblemSink& problems) {
    return std::make_unique<SofiaTraceReader>(std::move(cursor), std::move(file_name), zone,
                                              std::move(dating), problems);
}

}  // namespace sipdiff::logs
