#include "logs/sipdump_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "logs/field_parsers.h"
#include "logs/trace_format_constants.h"
#include "sip/framing.h"

namespace sipdiff::logs {
namespace {

using namespace sipdump;

// sipdump's record header is about 200 bytes; a longer one is read line by line.
constexpr std::size_t kHeaderLookAhead = 1024;

// The record header fields, as read before the body.
struct Fields {
    std::optional<Direction> direction;
    std::optional<std::int64_t> time_ns;
    std::optional<Transport> transport;
    std::optional<std::string> src_ip, dst_ip;
    std::optional<std::uint16_t> src_port, dst_port;
};

std::optional<Direction> parse_tag(std::string_view value) {
    if (value == kTagReceived) {
        return Direction::Received;
    }
    if (value == kTagSent) {
        return Direction::Sent;
    }
    return std::nullopt;
}

// "udp ipv4": the transport is the first word.
std::optional<Transport> parse_proto(std::string_view value) {
    return parse_transport(value.substr(0, value.find(' ')));
}

std::optional<std::string> apply_field(std::string_view key, std::string_view value, Fields& f) {
    auto port = [&](std::optional<std::uint16_t>& out) -> std::optional<std::string> {
        out = parse_port(value);
        if (!out) {
            return fmt::format("bad {} '{}'", key, value);
        }
        return std::nullopt;
    };
    if (key == "tag") {
        f.direction = parse_tag(value);
        if (!f.direction) {
            return fmt::format("unknown tag '{}' (expected rcv or snd)", value);
        }
    } else if (key == "time") {
        f.time_ns = parse_epoch_ns(value);
        if (!f.time_ns) {
            return fmt::format("bad time '{}'", value);
        }
    } else if (key == "proto") {
        f.transport = parse_proto(value);
        if (!f.transport) {
            return fmt::format("unknown proto '{}'", value);
        }
    } else if (key == "srcip") {
        f.src_ip = std::string(value);
    } else if (key == "dstip") {
        f.dst_ip = std::string(value);
    } else if (key == "srcport") {
        return port(f.src_port);
    } else if (key == "dstport") {
        return port(f.dst_port);
    }
    return std::nullopt;  // pid, process, date and keys of later versions are not needed
}

// The lines of a record header as sipdump_data_print() writes them, read in its order straight
// from the buffer: each "key: value" line is read once, without looking for its colon or
// comparing its key with every key it might be.
class WrittenLines {
  public:
    explicit WrittenLines(std::string_view text) : text_(text) {}

    // The value of the next line when its key is `key`; empty once a line was not as expected:
    // another key, no LF within the text, an empty value, blanks around it or a CR at its end.
    // Such lines are left to the line-by-line reading, which trims them.
    std::string_view value(std::string_view key) {
        const std::size_t start = pos_ + key.size() + 2;
        if (failed_ || text_.size() <= start || text_.substr(pos_, key.size()) != key ||
            text_[pos_ + key.size()] != ':' || text_[pos_ + key.size() + 1] != ' ') {
            failed_ = true;
            return {};
        }
        const void* lf = std::memchr(text_.data() + start, '\n', text_.size() - start);
        if (lf == nullptr) {
            failed_ = true;
            return {};
        }
        const std::size_t end =
            static_cast<std::size_t>(static_cast<const char*>(lf) - text_.data());
        const std::string_view value = text_.substr(start, end - start);
        if (value.empty() || value.front() == ' ' || value.front() == '\t' || value.back() == ' ' ||
            value.back() == '\t' || value.back() == '\r') {
            failed_ = true;
            return {};
        }
        pos_ = end + 1;
        ++lines_;
        return value;
    }

    // After the last field: the bytes read up to and with the body start line, or 0 when a line
    // was not as expected or the body start line does not follow.
    std::size_t through_body_start() {
        const std::size_t end = pos_ + kBodyStart.size();
        if (failed_ || text_.size() <= end || text_.substr(pos_, kBodyStart.size()) != kBodyStart ||
            text_[end] != '\n') {
            return 0;
        }
        ++lines_;
        return end + 1;
    }
    std::uint64_t lines() const { return lines_; }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::uint64_t lines_ = 0;
    bool failed_ = false;
};

// A header at the start of `text` exactly as sipdump writes it: its size up to and with the body
// start line (and its lines in `lines`), with its fields in `f`. 0, with `f` as it was, for a
// header written any other way or with a value that does not parse; read_header_lines() then
// reads it and says what is wrong where.
std::size_t read_written_header(std::string_view text, Fields& f, std::uint64_t& lines) {
    WrittenLines in(text);
    const std::string_view tag = in.value("tag");
    in.value("pid");
    in.value("process");
    const std::string_view time = in.value("time");
    in.value("date");
    const std::string_view proto = in.value("proto");
    const std::string_view src_ip = in.value("srcip");
    const std::string_view src_port = in.value("srcport");
    const std::string_view dst_ip = in.value("dstip");
    const std::string_view dst_port = in.value("dstport");
    const std::size_t size = in.through_body_start();
    if (size == 0) {
        return 0;
    }
    Fields got;
    got.direction = parse_tag(tag);
    got.time_ns = parse_epoch_ns(time);
    got.transport = parse_proto(proto);
    got.src_port = parse_port(src_port);
    got.dst_port = parse_port(dst_port);
    if (!got.direction || !got.time_ns || !got.transport || !got.src_port || !got.dst_port) {
        return 0;
    }
    got.src_ip = std::string(src_ip);
    got.dst_ip = std::string(dst_ip);
    f = std::move(got);
    lines = in.lines();
    return size;
}

std::optional<std::string> missing_field(const Fields& f) {
    if (!f.direction)
        return "no tag: line";
    if (!f.time_ns)
        return "no time: line";
    if (!f.transport)
        return "no proto: line";
    if (!f.src_ip || !f.src_port)
        return "no srcip:/srcport: line";
    if (!f.dst_ip || !f.dst_port)
        return "no dstip:/dstport: line";
    return std::nullopt;
}

// Where a record's message ends, in the text after its body start line.
struct BodyEnd {
    enum class Kind { Marker, None };
    Kind kind = Kind::None;
    std::size_t body_len = 0;
    std::size_t skip = 0;         // bytes to move past: the body and its end marker, or the
                                  // damaged record up to the next one
    std::uint64_t line_ends = 0;  // LFs in those bytes
    bool next_record = false;     // None: a record start line came before any end marker
};

bool all_pipes(std::string_view s) {
    return s.find_first_not_of('|') == std::string_view::npos;
}

// One pass over the lines of `rest` (the record's remaining text, kMaxRecordBytes and a little
// more of it): the end marker is 20 '|' closing a line, possibly after the last body bytes; a
// record start line before it means this record lost its marker. A file may end with the marker
// without its LF.
BodyEnd find_body_end(std::string_view rest) {
    const std::size_t pipes = kRecordEnd.size() - 1;
    BodyEnd end;
    std::size_t from = 0;
    for (;;) {
        const void* hit = std::memchr(rest.data() + from, '\n', rest.size() - from);
        if (hit == nullptr) {
            break;
        }
        const std::size_t lf =
            static_cast<std::size_t>(static_cast<const char*>(hit) - rest.data());
        if (lf >= pipes && lf - pipes > kMaxRecordBytes) {
            break;
        }
        ++end.line_ends;
        if (lf >= pipes && rest[lf - 1] == '|' && all_pipes(rest.substr(lf - pipes, pipes))) {
            end.kind = BodyEnd::Kind::Marker;
            end.body_len = lf - pipes;
            end.skip = lf + 1;
            return end;
        }
        if (lf <= kMaxRecordBytes && rest.size() > lf + 1 && rest[lf + 1] == '=' &&
            rest.substr(lf, kNextRecord.size()) == kNextRecord) {
            end.next_record = true;
            end.skip = lf + 1;
            return end;
        }
        from = lf + 1;
    }
    if (rest.size() < kMaxRecordBytes && rest.size() >= pipes &&
        all_pipes(rest.substr(rest.size() - pipes))) {
        end.kind = BodyEnd::Kind::Marker;
        end.body_len = rest.size() - pipes;
        end.skip = rest.size();
    } else {
        end.skip = std::min(rest.size(), kMaxRecordBytes);
    }
    end.line_ends =
        static_cast<std::uint64_t>(std::count(rest.data(), rest.data() + end.skip, '\n'));
    return end;
}

class SipdumpTextReader : public RecordSource {
  public:
    SipdumpTextReader(std::unique_ptr<TextCursor> cursor, std::string file_name,
                      ProblemSink& problems)
        : in_(std::move(cursor)), file_(sipdiff::file_name(file_name)), problems_(problems) {}

    bool next(Record& out) override {
        for (;;) {
            if (!seek_record_start()) {
                report_input_error();
                return false;
            }
            if (!read_record(out)) {
                inside_damaged_record_ = true;  // its remaining lines are not reported again
                continue;
            }
            if (!sip::is_websocket_upgrade(out.bytes)) {
                return true;
            }
            if (!told_websocket_) {
                told_websocket_ = true;
                problems_.report(Problem{Origin{file_, start_line_, 0},
                                         "kamailio logs the HTTP request that opens each "
                                         "WebSocket connection: not a SIP message, not compared",
                                         true});
            }
        }
    }

  private:
    void report(std::uint64_t line, std::string reason) {
        problems_.report(Problem{Origin{file_, line, 0}, std::move(reason)});
    }

    void report_input_error() {
        std::string err = in_->input_error();
        if (!err.empty() && !input_error_reported_) {
            input_error_reported_ = true;
            report(in_->line(), "input ends early: " + err);
        }
    }

    // Skips to just after the next record start line; reports text found on the way once per run.
    bool seek_record_start() {
        if (pending_start_) {
            pending_start_ = false;
            return true;
        }
        bool reported = false;
        std::string_view line;
        for (;;) {
            std::uint64_t n = in_->line();
            if (!in_->next_line(line)) {
                return false;
            }
            if (line == kRecordStart) {
                start_line_ = n;
                inside_damaged_record_ = false;
                return true;
            }
            if (!reported && !inside_damaged_record_) {
                reported = true;
                report(n,
                       "not a sipdump record (expected a line of 20 '='); skipped up to the "
                       "next record");
            }
        }
    }

    // The usual header, straight from the buffer (read_written_header()). False, with nothing
    // consumed, for any other.
    bool read_usual_header(Fields& f) {
        std::uint64_t lines = 0;
        const std::size_t size = read_written_header(in_->peek(kHeaderLookAhead), f, lines);
        if (size == 0) {
            return false;
        }
        in_->skip(size, lines);
        return true;
    }

    // The header line by line, reporting the first damaged line. False when it was damaged.
    bool read_header_lines(Fields& f) {
        std::string_view line;
        for (;;) {
            std::uint64_t n = in_->line();
            if (!in_->next_line(line)) {
                report(start_line_, "record cut short by the end of the file");
                return false;
            }
            if (line == kBodyStart) {
                return true;
            }
            if (line == kRecordStart) {
                report(start_line_, "record has no message (a new record starts at line " +
                                        std::to_string(n) + ")");
                start_line_ = n;
                pending_start_ = true;
                return false;
            }
            if (line.empty()) {
                continue;
            }
            std::string_view key, value;
            if (!split_key_value(line, key, value)) {
                report(n, fmt::format("bad record header line '{}'", line.substr(0, 60)));
                return false;
            }
            if (std::optional<std::string> err = apply_field(key, value, f)) {
                report(n, *err);
                return false;
            }
        }
    }

    // Reads one record after its start line. False when it was damaged (and reported).
    bool read_record(Record& out) {
        Fields f;
        if (!read_usual_header(f) && !read_header_lines(f)) {
            return false;
        }
        std::string_view rest = in_->peek(kMaxRecordBytes + kNextRecord.size());
        const BodyEnd end = find_body_end(rest);
        if (end.kind == BodyEnd::Kind::None) {
            report(start_line_,
                   end.next_record
                       ? "record has no end marker (cut by sipdump's 64 kB buffer?); skipped"
                       : "record has no end marker before the end of the file; skipped");
            in_->skip(end.skip, end.line_ends);
            return false;
        }
        const std::size_t body_len = end.body_len;
        const std::size_t skip = end.skip;
        if (std::optional<std::string> err = missing_field(f)) {
            report(start_line_, *err);
            in_->skip(skip, end.line_ends);
            return false;
        }
        out.time_ns = *f.time_ns;
        out.transport = *f.transport;
        out.src = Endpoint{std::move(*f.src_ip), *f.src_port};
        out.dst = Endpoint{std::move(*f.dst_ip), *f.dst_port};
        out.direction = *f.direction;
        out.bytes.assign(rest.substr(0, body_len));
        out.origin = Origin{file_, start_line_, 0};
        in_->skip(skip, end.line_ends);
        return true;
    }

    std::unique_ptr<TextCursor> in_;
    std::string_view file_;
    ProblemSink& problems_;
    std::uint64_t start_line_ = 0;
    bool pending_start_ = false;
    bool inside_damaged_record_ = false;
    bool input_error_reported_ = false;
    bool told_websocket_ = false;
};

}  // namespace

std::unique_ptr<RecordSource> sipdump_text_reader(std::unique_ptr<TextCursor> cursor,
                                                  std::string file_name, ProblemSink& problems) {
    return std::make_unique<SipdumpTextReader>(std::move(cursor), std::move(file_name), problems);
}

}  // namespace sipdiff::logs
