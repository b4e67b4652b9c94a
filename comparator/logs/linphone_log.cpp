#include "logs/linphone_log.h"

#include <fmt/format.h>

#include <deque>
#include <map>
#include <vector>

#include "logs/field_parsers.h"
#include "logs/log_text.h"
#include "sip/framing.h"

namespace sipdiff::logs {
namespace {

constexpr std::size_t kStampSize = 23;  // "2026-11-24 01:17:28:118"
constexpr std::size_t kMaxMessageBytes = 1 << 20;

bool digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return !s.empty();
}

// "2026-11-24 01:17:28:118" exactly.
bool is_stamp(std::string_view s) {
    return s.size() == kStampSize && digits(s.substr(0, 4)) && s[4] == '-' &&
           digits(s.substr(5, 2)) && s[7] == '-' && digits(s.substr(8, 2)) && s[10] == ' ' &&
           digits(s.substr(11, 2)) && s[13] == ':' && digits(s.substr(14, 2)) && s[16] == ':' &&
           digits(s.substr(17, 2)) && s[19] == ':' && digits(s.substr(20, 3));
}

// "UDP://127.0.0.1:5060" or "TLS://[2001:db8::1]:5061".
std::optional<std::pair<Transport, Endpoint>> parse_peer(std::string_view text) {
    const std::size_t scheme = text.find("://");
    if (scheme == std::string_view::npos) {
        return std::nullopt;
    }
    std::optional<Transport> transport = parse_transport(text.substr(0, scheme));
    std::optional<Endpoint> peer = parse_host_port(text.substr(scheme + 3));
    if (!transport || !peer) {
        return std::nullopt;
    }
    return std::make_pair(*transport, std::move(*peer));
}

// "535] bytes" with `then` = "] bytes": the count in brackets and what follows it.
std::optional<std::size_t> take_bracketed_count(std::string_view& s, std::string_view then) {
    std::optional<std::string_view> text = take_until(s, ']');
    std::optional<std::uint64_t> count = text ? parse_uint(*text, kMaxMessageBytes) : std::nullopt;
    if (!count || !consume(s, then)) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(*count);
}

class LinphoneLogReader : public RecordSource {
  public:
    LinphoneLogReader(std::unique_ptr<TextCursor> cursor, std::string file_name,
                      const LocalZone& zone, ProblemSink& problems)
        : in_(std::move(cursor)),
          file_(sipdiff::file_name(file_name)),
          zone_(zone),
          problems_(problems) {}

    bool next(Record& out) override {
        std::string_view line;
        while (ready_.empty()) {
            const std::uint64_t n = in_->line();
            if (!in_->next_line(line)) {
                std::string err = in_->input_error();
                if (!err.empty()) {
                    report(in_->line(), "input ends early: " + err);
                }
                report_leftovers();
                return false;
            }
            if (std::optional<LinphoneRecordHeader> header = parse_linphone_record_header(line)) {
                read_record(n, std::string(header->stamp), *header);
            }
        }
        out = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }

  private:
    struct Stream {
        std::string bytes;       // read but not yet framed
        std::uint64_t line = 0;  // the record that began them
    };

    void report(std::uint64_t line, std::string reason) {
        problems_.report(Problem{Origin{file_, line, 0}, std::move(reason)});
    }

    // "2026-11-24 01:17:28:118": the colon before the milliseconds read as a point.
    std::optional<std::int64_t> stamp_time(std::string stamp) {
        stamp[19] = '.';
        return zone_.to_utc_ns(stamp);
    }

    void read_record(std::uint64_t start, const std::string& stamp,
                     const LinphoneRecordHeader& header) {
        const std::string_view text = in_->peek(header.size + 1);
        if (text.size() < header.size + 1 || text[header.size] != '\n') {
            report(start, fmt::format("message does not end where its byte count {} says (cut, "
                                      "or the end of the file); skipped",
                                      header.size));
            return;
        }
        std::string bytes(text.substr(0, header.size));
        in_->consume(header.size + 1);
        std::optional<std::int64_t> t = stamp_time(stamp);
        if (!t) {
            report(start, fmt::format("bad time stamp '{}'; record skipped", stamp));
            return;
        }
        Record r;
        r.time_ns = *t;
        r.transport = header.transport;
        r.direction = header.direction;
        (header.direction == Direction::Received ? r.src : r.dst) = header.remote;
        r.origin = Origin{file_, start, 0};
        if (header.direction == Direction::Sent || header.transport == Transport::Udp) {
            if (bytes.find_first_not_of("\r\n") == std::string::npos) {
                return;  // a keep-alive
            }
            r.bytes = std::move(bytes);
            ready_.push_back(std::move(r));
            return;
        }
        frame_stream(start, std::move(bytes), r);
    }

    // A piece of a TCP or TLS stream: the whole messages it completes, each as a record of its
    // own at the time of the read that completed it.
    void frame_stream(std::uint64_t start, std::string bytes, const Record& like) {
        const std::string key = like.src.ip + " " + std::to_string(like.src.port);
        Stream& stream = streams_[key];
        if (stream.bytes.empty()) {
            stream.line = start;
        }
        stream.bytes += bytes;
        for (;;) {
            const sip::Framed f = sip::frame_stream_message(stream.bytes);
            if (f.kind == sip::Framed::Kind::Message) {
                Record r = like;
                r.bytes = stream.bytes.substr(f.skipped, f.length);
                r.origin.line = stream.line;
                ready_.push_back(std::move(r));
                stream.bytes.erase(0, f.skipped + f.length);
                stream.line = start;
                continue;
            }
            if (f.kind != sip::Framed::Kind::NeedMore) {
                report(stream.line, fmt::format("bytes read from {}:{} do not frame as SIP "
                                                "messages{}{}; skipped",
                                                like.src.ip, like.src.port,
                                                f.reason.empty() ? "" : ": ", f.reason));
                stream.bytes.clear();
            } else if (stream.bytes.size() > kMaxMessageBytes) {
                report(stream.line, "more than 1 MB read without a whole SIP message; skipped");
                stream.bytes.clear();
            }
            return;
        }
    }

    void report_leftovers() {
        for (auto& [peer, stream] : streams_) {
            if (stream.bytes.find_first_not_of("\r\n") != std::string::npos) {
                report(stream.line, fmt::format("{} bytes read at the end from {} make no whole "
                                                "SIP message; skipped",
                                                stream.bytes.size(), peer));
            }
        }
        streams_.clear();
    }

    std::unique_ptr<TextCursor> in_;
    std::string_view file_;
    const LocalZone& zone_;
    ProblemSink& problems_;
    std::deque<Record> ready_;
    std::map<std::string, Stream> streams_;  // by peer, TCP and TLS reads not yet framed
};

}  // namespace

std::optional<LinphoneRecordHeader> parse_linphone_record_header(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    LinphoneRecordHeader h;
    h.stamp = line.substr(0, kStampSize);
    if (!is_stamp(h.stamp) || line.size() <= kStampSize || line[kStampSize] != ' ') {
        return std::nullopt;
    }
    std::string_view text = line.substr(kStampSize + 1);
    // "belle-sip-message-channel [0x55a..]: ", whatever the level word.
    if (!consume(text, "belle-sip-") || !take_until(text, '-') || !consume(text, "-channel [") ||
        !take_until(text, ']') || !consume(text, "]: ")) {
        return std::nullopt;
    }
    std::optional<std::size_t> size;
    std::string_view peer;
    if (consume(text, "message sent to [")) {
        const std::size_t close = text.find("], size: [");
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        peer = text.substr(0, close);
        text.remove_prefix(close + 10);
        size = take_bracketed_count(text, "] bytes");
        h.direction = Direction::Sent;
    } else if (consume(text, "received [")) {
        size = take_bracketed_count(text, "] new bytes from [");
        const std::size_t close = text.rfind("]:");
        if (!size || close == std::string_view::npos || close + 2 != text.size()) {
            return std::nullopt;
        }
        peer = text.substr(0, close);
        text = {};
        h.direction = Direction::Received;
    } else {
        return std::nullopt;
    }
    std::optional<std::pair<Transport, Endpoint>> parsed = parse_peer(peer);
    if (!size || !text.empty() || !parsed) {
        return std::nullopt;
    }
    h.transport = parsed->first;
    h.remote = std::move(parsed->second);
    h.size = *size;
    return h;
}

bool looks_like_linphone_log(std::string_view head) {
    for (std::size_t pos = 0; pos < head.size();) {
        const std::size_t lf = head.find('\n', pos);
        if (lf == std::string_view::npos) {
            break;  // the last line may be cut
        }
        const std::string_view line = head.substr(pos, lf - pos);
        pos = lf + 1;
        if (line.size() > kStampSize + 1 && is_stamp(line.substr(0, kStampSize)) &&
            line[kStampSize] == ' ') {
            const std::string_view text = line.substr(kStampSize + 1);
            if (text.substr(0, 12) == "liblinphone-" || text.substr(0, 10) == "belle-sip-") {
                return true;
            }
        }
    }
    return false;
}

std::unique_ptr<RecordSource> linphone_log_reader(std::unique_ptr<TextCursor> cursor,
                                                  std::string file_name, const LocalZone& zone,
                                                  ProblemSink& problems) {
    return std::make_unique<LinphoneLogReader>(std::move(cursor), std::move(file_name), zone,
                                               problems);
}

}  // namespace sipdiff::logs
