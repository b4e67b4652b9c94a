#include "logs/sipp_msg.h"

#include <fmt/format.h>

#include "logs/field_parsers.h"
#include "logs/trace_format_constants.h"

namespace sipdiff::logs {
namespace {

using namespace sipp;

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool consume_word(std::string_view& s, std::string_view word) {
    if (!starts_with(s, word)) {
        return false;
    }
    s.remove_prefix(word.size());
    return true;
}

class SippMsgReader : public RecordSource {
  public:
    SippMsgReader(std::unique_ptr<TextCursor> cursor, std::string file_name, const LocalZone& zone,
                  TraceGaps& gaps, ProblemSink& problems)
        : in_(std::move(cursor)),
          file_(sipdiff::file_name(file_name)),
          zone_(zone),
          gaps_(gaps),
          problems_(problems) {}

    bool next(Record& out) override {
        std::string_view line;
        for (;;) {
            std::uint64_t n = in_->line();
            if (!in_->next_line(line)) {
                std::string err = in_->input_error();
                if (!err.empty()) {
                    report(in_->line(), "input ends early: " + err);
                }
                return false;
            }
            if (starts_with(line, kSeparator)) {
                if (read_record(n, line.substr(kSeparator.size()), out)) {
                    in_stray_text_ = false;
                    return true;
                }
                in_stray_text_ = true;  // the rest of a damaged record is not reported again
                continue;
            }
            classify_other_line(n, line);
        }
    }

  private:
    void report(std::uint64_t line, std::string reason) {
        problems_.report(Problem{Origin{file_, line, 0}, std::move(reason)});
    }

    void classify_other_line(std::uint64_t n, std::string_view line) {
        if (line.empty() || line == "\r") {
            return;
        }
        for (std::string_view notice : kUnloggedWrites) {
            if (starts_with(line, notice)) {
                if (gaps_.unlogged_sent++ == 0) {
                    gaps_.first = Origin{file_, n, 0};
                }
                return;
            }
        }
        for (std::string_view debug : kDebugLines) {
            if (starts_with(line, debug)) {
                return;
            }
        }
        if (!in_stray_text_) {
            in_stray_text_ = true;
            report(n, fmt::format("not a sipp record or debug line: '{}'; skipped",
                                  line.substr(0, 60)));
        }
    }

    bool read_record(std::uint64_t start, std::string_view stamp, Record& out) {
        std::optional<std::int64_t> t = zone_.to_utc_ns(stamp);
        if (!t) {
            report(start, fmt::format("bad record time '{}'", stamp.substr(0, 40)));
            return false;
        }
        std::string_view line;
        if (!in_->next_line(line)) {
            report(start, "record cut short by the end of the file");
            return false;
        }
        std::optional<SippRecordHeader> header = parse_sipp_record_header(line);
        if (!header) {
            report(start + 1, fmt::format("bad record header '{}'", line.substr(0, 60)));
            return false;
        }
        if (!in_->next_line(line) || !line.empty()) {
            report(start + 2, "no empty line after the record header");
            return false;
        }
        std::string_view body = in_->peek(header->size);
        // A record that ends before its byte count: the next record starts inside it.
        static const std::string marker = "\n" + std::string(kSeparator);
        std::size_t cut = body.find(marker);
        if (body.size() < header->size || cut != std::string_view::npos) {
            report(start, fmt::format("message shorter than its byte count {} (NUL byte or "
                                      "truncated file); skipped",
                                      header->size));
            in_->consume(cut == std::string_view::npos ? body.size() : cut + 1);
            return false;
        }
        out.time_ns = *t;
        out.transport = header->transport;
        out.src = Endpoint{};
        out.dst = Endpoint{};
        out.direction = header->direction;
        out.bytes.assign(body);
        out.origin = Origin{file_, start, 0};
        in_->consume(header->size);
        std::string_view after = in_->peek(1);
        if (after == "\n") {
            in_->consume(1);
        } else if (!after.empty()) {
            report(start, fmt::format("message is longer than its byte count {}", header->size));
        }
        return true;
    }

    std::unique_ptr<TextCursor> in_;
    std::string_view file_;
    const LocalZone& zone_;
    TraceGaps& gaps_;
    ProblemSink& problems_;
    bool in_stray_text_ = false;
};

}  // namespace

std::unique_ptr<RecordSource> sipp_msg_reader(std::unique_ptr<TextCursor> cursor,
                                              std::string file_name, const LocalZone& zone,
                                              TraceGaps& gaps, ProblemSink& problems) {
    return std::make_unique<SippMsgReader>(std::move(cursor), std::move(file_name), zone, gaps,
                                           problems);
}

std::optional<SippRecordHeader> parse_sipp_record_header(std::string_view line) {
    SippRecordHeader h;
    if (consume_word(line, kPartialWrite)) {  // "TCP message (347 of 361 sent):"
        std::size_t sp = line.find(' ');
        if (sp == std::string_view::npos) {
            return std::nullopt;
        }
        std::optional<Transport> transport = parse_transport(line.substr(0, sp));
        std::string_view rest = line.substr(sp + 1);
        if (!transport || !consume_word(rest, "message (")) {
            return std::nullopt;
        }
        std::size_t of = rest.find(" of ");
        if (of == std::string_view::npos) {
            return std::nullopt;
        }
        rest.remove_prefix(of + 4);
        constexpr std::string_view kTail = " sent):";
        std::size_t end = rest.find(kTail);
        if (end == std::string_view::npos || end + kTail.size() != rest.size()) {
            return std::nullopt;
        }
        std::optional<std::uint64_t> size = parse_uint(rest.substr(0, end), kMaxMessageBytes);
        if (!size) {
            return std::nullopt;
        }
        return SippRecordHeader{*transport, Direction::Sent, static_cast<std::size_t>(*size)};
    }
    std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos) {
        return std::nullopt;
    }
    std::optional<Transport> transport = parse_transport(line.substr(0, sp));
    if (!transport) {
        return std::nullopt;
    }
    h.transport = *transport;
    std::string_view rest = line.substr(sp + 1);
    consume_word(rest, "control ");
    if (!consume_word(rest, "message ")) {
        return std::nullopt;
    }
    if (consume_word(rest, "sent ")) {
        h.direction = Direction::Sent;
    } else if (consume_word(rest, "received ")) {
        h.direction = Direction::Received;
    } else {
        return std::nullopt;
    }
    std::string_view number;
    if (consume_word(rest, "(")) {  // "(352 bytes):"
        std::size_t end = rest.find(' ');
        number = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        if (!consume_word(rest, " bytes)")) {
            return std::nullopt;
        }
    } else if (consume_word(rest, "[")) {  // "[438] bytes :" or "[352] bytes:"
        std::size_t end = rest.find(']');
        number = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        if (!consume_word(rest, "] bytes")) {
            return std::nullopt;
        }
        consume_word(rest, " ");
    } else {
        return std::nullopt;
    }
    if (rest != ":") {
        return std::nullopt;
    }
    std::optional<std::uint64_t> size = parse_uint(number, kMaxMessageBytes);
    if (!size) {
        return std::nullopt;
    }
    h.size = static_cast<std::size_t>(*size);
    return h;
}

}  // namespace sipdiff::logs
