#include "logs/asterisk_pjsip.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "logs/asterisk_chan_sip.h"
#include "logs/field_parsers.h"
#include "logs/log_text.h"

namespace sipdiff::logs {
namespace {

constexpr std::size_t kMaxMessageBytes = 1 << 20;
constexpr std::size_t kMaxLineBytes = 1 << 16;
constexpr std::string_view kRecordStart = "<--- ";
// How far past a message's byte count a log line that cut it is looked for.
constexpr std::size_t kLookAhead = 512;
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::int64_t distance(std::int64_t a, std::int64_t b) {
    return a > b ? a - b : b - a;
}

// "2026-11-24 01:16:59", with or without a fraction.
bool is_iso_stamp(std::string_view stamp) {
    return stamp.size() >= 19 && stamp[4] == '-' && stamp[10] == ' ';
}

class AsteriskPjsipReader : public RecordSource {
  public:
    AsteriskPjsipReader(std::unique_ptr<TextCursor> cursor, std::string file_name,
                        const LocalZone& zone, std::int64_t year_near_ns, ProblemSink& problems)
        : in_(std::move(cursor)),
          file_(sipdiff::file_name(file_name)),
          zone_(zone),
          near_ns_(year_near_ns),
          problems_(problems) {}

    bool next(Record& out) override {
        std::string_view line;
        for (;;) {
            const std::uint64_t n = in_->line();
            if (!in_->next_line(line)) {
                break;
            }
            line = strip_colours(line);
            if (std::optional<AsteriskLogLine> logged = split_asterisk_log_line(line)) {
                const std::string stamp(logged->stamp);
                if (std::optional<AsteriskRecordHeader> header =
                        parse_asterisk_record_header(logged->text)) {
                    if (read_record(n, stamp, *header, out)) {
                        return true;
                    }
                } else if (std::optional<ChanSipRecordHeader> chan_sip =
                               chan_sip_header(logged->text)) {
                    if (read_chan_sip_record(n, stamp, *chan_sip, out)) {
                        return true;
                    }
                }
            } else if ((parse_asterisk_record_header(line) || parse_chan_sip_record_header(line)) &&
                       !told_no_stamp_) {
                told_no_stamp_ = true;
                report(n,
                       "SIP message records without a date stamp (console output?) cannot be "
                       "placed in time: give the `full` log file (logger.conf: full => "
                       "verbose); such records are skipped");
            }
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

    void report_cut(std::uint64_t line, std::size_t size) {
        report(line, fmt::format("message shorter than its byte count {} (cut by the logger, or "
                                 "the end of the file); skipped",
                                 size));
    }

    // The time of the record at line `start`; a bad stamp is reported.
    std::optional<std::int64_t> record_time(std::uint64_t start, const std::string& stamp) {
        std::optional<std::int64_t> t = stamp_time(stamp);
        if (!t) {
            report(start, fmt::format("bad date stamp '{}'; record skipped", stamp.substr(0, 40)));
        }
        return t;
    }

    // Only the peer is named: the source of what was received, the destination of what was sent.
    void fill(Record& out, std::uint64_t start, std::int64_t time_ns, Transport transport,
              Direction direction, const Endpoint& peer, std::string bytes, bool folded) {
        last_ns_ = time_ns;
        out.time_ns = time_ns;
        out.transport = transport;
        out.direction = direction;
        out.src = direction == Direction::Received ? peer : Endpoint{};
        out.dst = direction == Direction::Sent ? peer : Endpoint{};
        out.bytes = std::move(bytes);
        out.folded = folded;
        out.full_size = 0;
        out.origin = Origin{file_, start, 0};
    }

    bool read_record(std::uint64_t start, const std::string& stamp,
                     const AsteriskRecordHeader& header, Record& out) {
        std::optional<std::int64_t> t = record_time(start, stamp);
        if (!t) {
            return false;
        }
        std::optional<std::string> bytes = read_message(start, header.size);
        if (!bytes) {
            return false;
        }
        fill(out, start, *t, header.transport, header.direction, header.remote, std::move(*bytes),
             false);
        return true;
    }

    // A chan_sip record header: on the log line itself (sent requests), or alone on the next
    // line after a log line with nothing after its prefix (received messages, sent responses),
    // which is then consumed.
    std::optional<ChanSipRecordHeader> chan_sip_header(std::string_view text) {
        if (!text.empty()) {
            return parse_chan_sip_record_header(text);
        }
        std::optional<ChanSipRecordHeader> header = parse_chan_sip_record_header(peek_line());
        if (header) {
            in_->next_line(text);
        }
        return header;
    }

    // The next line without consuming it (empty at the end of the input).
    std::string_view peek_line() {
        const std::string_view text = in_->peek(kMaxLineBytes);
        return text.substr(0, text.find('\n'));
    }

    // A chan_sip record's message: the lines up to its closing line.
    bool read_chan_sip_record(std::uint64_t start, const std::string& stamp,
                              const ChanSipRecordHeader& header, Record& out) {
        std::optional<std::int64_t> t = record_time(start, stamp);
        if (!t) {
            return false;
        }
        std::string text;
        for (;;) {
            if (in_->at_end() || split_asterisk_log_line(peek_line()) ||
                text.size() > kMaxMessageBytes) {
                // The logger cut it (about 8 kB), or the file ends: the rest is lost.
                report(start, fmt::format("message without its closing line '{}' (cut by the "
                                          "logger, or the end of the file); skipped",
                                          header.closer));
                return false;
            }
            std::string_view line;
            in_->next_line(line);
            if (line == header.closer) {
                break;
            }
            text.append(line.data(), line.size());
            text += '\n';
        }
        std::optional<ChanSipMessage> message = chan_sip_message(header, text);
        if (!message) {
            return false;  // a keep-alive
        }
        fill(out, start, *t, header.transport, header.direction, header.remote,
             std::move(message->bytes), message->folded);
        return true;
    }

    // The `size` bytes after the record's first line: as they are when the file kept the CRLF
    // line ends, else rebuilt from the lines with CRLF.
    std::optional<std::string> read_message(std::uint64_t start, std::size_t size) {
        const std::string_view first = in_->peek(std::min<std::size_t>(size, 4096));
        const std::size_t lf = first.find('\n');
        const bool crlf_kept = lf == std::string_view::npos || (lf > 0 && first[lf - 1] == '\r');
        if (crlf_kept) {
            // The logger's own LF follows the message. Other text may too: the rest of a TCP
            // read that held several messages. But a log line starting within the message's
            // count, or right after it, means the log cut the message.
            const std::string_view text = in_->peek(size + kLookAhead);
            if (text.size() < size || log_line_within(text, size)) {
                report_cut(start, size);
                return std::nullopt;
            }
            std::string bytes(text.substr(0, size));
            in_->consume(size);
            return bytes;
        }
        std::string bytes;
        std::string_view line;
        while (bytes.size() < size) {
            if (!in_->next_line(line) || parse_asterisk_record_header(line) ||
                split_asterisk_log_line(line)) {
                report_cut(start, size);
                return std::nullopt;
            }
            const std::optional<std::size_t> taken = append_logged_line(bytes, size, line);
            if (!taken || *taken < line.size()) {
                report(start, fmt::format("message lines do not add up to its byte count {}; "
                                          "skipped",
                                          size));
                return std::nullopt;
            }
        }
        return bytes;
    }

    // Whether a line of `text` that starts at or before `size` is a log line or a record.
    static bool log_line_within(std::string_view text, std::size_t size) {
        for (std::size_t lf = text.find('\n'); lf != std::string_view::npos && lf < size;
             lf = text.find('\n', lf + 1)) {
            std::string_view line = text.substr(lf + 1);
            line = line.substr(0, line.find('\n'));
            if (split_asterisk_log_line(line) || parse_asterisk_record_header(line)) {
                return true;
            }
        }
        return false;
    }

    // ISO stamps ("2026-11-24 01:16:59", ".123" or ",123") are whole; the default "%b %e %T"
    // ("Nov 24 01:16:59") takes the year that puts it nearest the previous record, or the
    // capture's start.
    std::optional<std::int64_t> stamp_time(const std::string& stamp) {
        if (is_iso_stamp(stamp)) {
            std::string iso = stamp;
            if (iso.size() > 19 && iso[19] == ',') {
                iso[19] = '.';
            }
            return zone_.to_utc_ns(iso);
        }
        std::string_view s = stamp;
        std::size_t month = 0;
        while (month < kMonths.size() && s.substr(0, 3) != kMonths[month]) {
            ++month;
        }
        if (month == kMonths.size() || s.size() < 4 || s[3] != ' ') {
            return std::nullopt;
        }
        s.remove_prefix(4);
        if (!s.empty() && s.front() == ' ') {
            s.remove_prefix(1);  // %e pads days 1-9 with a space
        }
        std::optional<std::string_view> day_text = take_until(s, ' ');
        std::optional<std::uint64_t> day = day_text ? parse_uint(*day_text, 31) : std::nullopt;
        std::optional<std::int64_t> time = parse_time_of_day(s.substr(1));
        if (!day || *day == 0 || !time) {
            return std::nullopt;
        }
        const std::int64_t near = last_ns_.value_or(near_ns_);
        const int year = std::stoi(utc_date(near).substr(0, 4));
        std::optional<std::int64_t> best;
        for (int y : {year - 1, year, year + 1}) {
            const std::string date = fmt::format("{:04}-{:02}-{:02}", y, month + 1, *day);
            std::optional<std::int64_t> t = zone_.to_utc_ns(local_text(date, *time));
            if (t && (!best || distance(*t, near) < distance(*best, near))) {
                best = t;
            }
        }
        return best;
    }

    std::unique_ptr<TextCursor> in_;
    std::string_view file_;
    const LocalZone& zone_;
    std::int64_t near_ns_;
    ProblemSink& problems_;
    std::optional<std::int64_t> last_ns_;
    bool told_no_stamp_ = false;
};

}  // namespace

std::optional<AsteriskRecordHeader> parse_asterisk_record_header(std::string_view text) {
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    std::optional<Direction> direction =
        take_direction(text, "<--- Received SIP ", "<--- Transmitting SIP ");
    if (!direction || (!consume(text, "request (") && !consume(text, "response ("))) {
        return std::nullopt;
    }
    AsteriskRecordHeader h;
    h.direction = *direction;
    std::optional<std::size_t> size =
        take_count(text, kMaxMessageBytes,
                   h.direction == Direction::Received ? " bytes) from " : " bytes) to ");
    if (!size) {
        return std::nullopt;
    }
    std::optional<Transport> transport = take_transport(text);
    if (!transport || !consume_suffix(text, " --->")) {
        return std::nullopt;
    }
    std::optional<Endpoint> remote = parse_host_port(text);
    if (!remote) {
        return std::nullopt;
    }
    h.transport = *transport;
    h.remote = std::move(*remote);
    h.size = *size;
    return h;
}

std::optional<AsteriskLogLine> split_asterisk_log_line(std::string_view line) {
    if (!consume(line, "[")) {
        return std::nullopt;
    }
    std::optional<std::string_view> stamp = take_until(line, ']');
    if (!stamp || stamp->empty() || !consume(line, "] ")) {
        return std::nullopt;
    }
    // "VERBOSE[8463][C-0000001a] res_pjsip_logger.c: " (or the plain formatter's
    // "VERBOSE[8463]: res_pjsip_logger.c:354 logging_on_rx_msg: ").
    std::size_t level = 0;
    while (level < line.size() && line[level] >= 'A' && line[level] <= 'Z') {
        ++level;
    }
    if (level == 0 || line.substr(level, 1) != "[") {
        return std::nullopt;
    }
    const std::size_t record = line.find(kRecordStart);
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    return AsteriskLogLine{*stamp,
                           line.substr(record != std::string_view::npos ? record : colon + 2)};
}

bool looks_like_asterisk_log(std::string_view head) {
    for (std::size_t pos = 0; pos < head.size();) {
        const std::size_t lf = head.find('\n', pos);
        if (lf == std::string_view::npos) {
            break;  // the last line may be cut
        }
        std::optional<AsteriskLogLine> logged =
            split_asterisk_log_line(strip_colours(head.substr(pos, lf - pos)));
        pos = lf + 1;
        if (!logged) {
            continue;
        }
        if (parse_asterisk_record_header(logged->text) ||
            parse_chan_sip_record_header(logged->text)) {
            return true;
        }
        // A chan_sip record whose header stands on the line after the prefix.
        const std::size_t next_lf = head.find('\n', pos);
        if (logged->text.empty() && next_lf != std::string_view::npos &&
            parse_chan_sip_record_header(head.substr(pos, next_lf - pos))) {
            return true;
        }
    }
    return false;
}

bool asterisk_stamps_lack_year(std::string_view head) {
    for (std::size_t pos = 0; pos < head.size();) {
        const std::size_t lf = head.find('\n', pos);
        if (lf == std::string_view::npos) {
            break;
        }
        std::optional<AsteriskLogLine> logged =
            split_asterisk_log_line(strip_colours(head.substr(pos, lf - pos)));
        pos = lf + 1;
        if (logged) {
            return !is_iso_stamp(logged->stamp);
        }
    }
    return true;
}

std::unique_ptr<RecordSource> asterisk_pjsip_reader(std::unique_ptr<TextCursor> cursor,
                                                    std::string file_name, const LocalZone& zone,
                                                    std::int64_t year_near_ns,
                                                    ProblemSink& problems) {
    return std::make_unique<AsteriskPjsipReader>(std::move(cursor), std::move(file_name), zone,
                                                 year_near_ns, problems);
}

}  // namespace sipdiff::logs
