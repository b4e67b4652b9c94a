#include "capture/sip_stream.h"

#include <algorithm>
#include <string_view>

namespace sipdiff::capture {
namespace {

std::uint64_t count_non_crlf(std::string_view s) {
    std::uint64_t n = 0;
    for (char c : s) {
        n += (c != '\r' && c != '\n') ? 1 : 0;
    }
    return n;
}

// The size of the message `partial` begins, which a gap of `gap` bytes cut, with `after` after
// the gap; 0 when unknown. In sync, the buffer starts where a message would, but whether one
// does is not known until its start line is whole.
std::size_t cut_message_size(std::string_view partial, std::uint64_t gap, ByteSpan after,
                             const sip::FramingLimits& limits) {
    if (sip::classify_start_line(partial, limits) != sip::StartLine::Sip) {
        return 0;
    }
    const std::size_t end = partial.find("\r\n\r\n");
    if (end != std::string_view::npos) {
        const long long length = sip::find_content_length(partial.substr(0, end + 2));
        return length >= 0 ? end + 4 + static_cast<std::size_t>(length) : 0;
    }
    if (after.size == 0 || sip::classify_start_line(after.chars(), limits) == sip::StartLine::Sip) {
        // The gap ends the message: the next one starts after it, or the stream ends there.
        return partial.size() + static_cast<std::size_t>(gap);
    }
    return 0;
}

}  // namespace

void SipStreamFramer::feed(ByteSpan bytes, std::uint64_t gap_before, bool gap_is_cut,
                           std::vector<StreamMessage>& messages,
                           std::vector<std::string>& problems) {
    if (state_ == State::NotSip) {
        return;
    }
    if (gap_before > 0) {
        if (state_ != State::Unknown) {
            cut_by_gap(gap_before, gap_is_cut, bytes, messages, problems);
            state_ = State::Lost;
        }
        buf_.clear();
        pos_ = 0;
        skipped_ = 0;
    }
    buf_.append(bytes.chars());
    process(messages, problems);
    if (pos_ > 0) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
}

void SipStreamFramer::cut_by_gap(std::uint64_t gap, bool gap_is_cut, ByteSpan after,
                                 std::vector<StreamMessage>& messages,
                                 std::vector<std::string>& problems) {
    std::string what = std::to_string(gap) + " bytes missing from the capture";
    std::string_view partial = std::string_view(buf_).substr(pos_);
    partial.remove_prefix(std::min(partial.find_first_not_of("\r\n"), partial.size()));
    if (partial.empty() || state_ != State::InSync) {
        problems.push_back(std::move(what));
        return;
    }
    const std::size_t full = cut_message_size(partial, gap, after, limits_);
    if (full <= partial.size()) {
        problems.push_back(what + "; the incomplete SIP message before the gap (" +
                           std::to_string(partial.size()) + " bytes) is dropped");
        return;
    }
    if (!gap_is_cut) {
        problems.push_back(what + "; the SIP message before the gap is kept cut short (" +
                           std::to_string(partial.size()) + " of " + std::to_string(full) +
                           " bytes)");
    }
    messages.push_back(StreamMessage{std::string(partial), full});
}

bool SipStreamFramer::seek(std::vector<std::string>& problems) {
    const std::string_view view = std::string_view(buf_).substr(pos_);
    const std::size_t at = sip::find_start_line(view, 0, limits_);
    const std::size_t drop = at == std::string_view::npos ? view.size() : at;
    skipped_ += count_non_crlf(view.substr(0, drop));
    pos_ += drop;
    if (state_ == State::Unknown) {
        probed_ += drop;
        if (probed_ > kMaxProbeBytes) {
            state_ = State::NotSip;
            buf_.clear();
            buf_.shrink_to_fit();
            pos_ = 0;
            return false;
        }
    }
    if (at == std::string_view::npos) {
        return false;
    }
    if (sip::classify_start_line(view.substr(at), limits_) != sip::StartLine::Sip) {
        return false;  // may become a start line: wait for the rest of it
    }
    if (skipped_ > 0) {
        problems.push_back(std::to_string(skipped_) +
                           (state_ == State::Unknown
                                ? " bytes before the first SIP message skipped (the capture "
                                  "started inside a message?)"
                                : " bytes of non-SIP data skipped"));
    }
    skipped_ = 0;
    state_ = State::InSync;
    seen_sip_ = true;
    return true;
}

void SipStreamFramer::process(std::vector<StreamMessage>& messages,
                              std::vector<std::string>& problems) {
    while (true) {
        if (state_ == State::NotSip) {
            return;
        }
        if (state_ != State::InSync && !seek(problems)) {
            return;
        }
        const std::string_view view = std::string_view(buf_).substr(pos_);
        const sip::Framed framed = sip::frame_stream_message(view, limits_);
        switch (framed.kind) {
            case sip::Framed::Kind::Message:
                messages.push_back(
                    StreamMessage{std::string(view.substr(framed.skipped, framed.length)), 0});
                if (framed.content_length_missing) {
                    problems.push_back(
                        "SIP message without Content-Length on a stream; body taken as empty");
                }
                pos_ += framed.skipped + framed.length;
                break;
            case sip::Framed::Kind::NeedMore:
                pos_ += framed.skipped;
                return;
            case sip::Framed::Kind::NotSip:
                pos_ += framed.skipped;
                state_ = State::Lost;
                break;  // seek() reports what it skips
            case sip::Framed::Kind::Invalid: {
                problems.push_back("SIP message cannot be delimited: " + framed.reason +
                                   "; looking for the next message");
                // Drop its start line so that the search starts after it.
                const std::size_t lf = view.find('\n', framed.skipped);
                pos_ += lf == std::string_view::npos ? view.size() : lf + 1;
                state_ = State::Lost;
                break;
            }
        }
    }
}

void SipStreamFramer::finish(std::vector<std::string>& problems) {
    const std::string_view rest = std::string_view(buf_).substr(pos_);
    if (state_ == State::InSync && count_non_crlf(rest) > 0) {
        problems.push_back(std::to_string(rest.size()) +
                           " bytes of an incomplete SIP message at the end of the stream");
    } else if (state_ == State::Lost && skipped_ + count_non_crlf(rest) > 0) {
        problems.push_back(std::to_string(skipped_ + count_non_crlf(rest)) +
                           " bytes of non-SIP data skipped");
    }
    buf_.clear();
    pos_ = 0;
    skipped_ = 0;
}

}  // namespace sipdiff::capture
