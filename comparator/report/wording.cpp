#include "report/wording.h"

#include <fmt/format.h>

#include "report/time_format.h"

namespace sipdiff::report {

std::string_view kind_name(match::Kind k) {
    switch (k) {
        case match::Kind::Differing:
            return "differing";
        case match::Kind::OnlyInLog:
            return "only_in_log";
        case match::Kind::OnlyInCapture:
            return "only_in_capture";
        case match::Kind::OutsideWindow:
            return "outside_window";
        case match::Kind::NotLogged:
            return "not_logged";
        case match::Kind::CutShort:
            return "cut_short";
    }
    return "?";
}

std::string_view kind_title(match::Kind k) {
    switch (k) {
        case match::Kind::Differing:
            return "DIFFERING";
        case match::Kind::OnlyInLog:
            return "ONLY IN LOG";
        case match::Kind::OnlyInCapture:
            return "ONLY IN CAPTURE";
        case match::Kind::OutsideWindow:
            return "OUTSIDE WINDOW";
        case match::Kind::NotLogged:
            return "NOT LOGGED (admitted by the tracer)";
        case match::Kind::CutShort:
            return "CUT SHORT (snapshot length)";
    }
    return "?";
}

std::string_view direction_name(Direction d) {
    switch (d) {
        case Direction::Received:
            return "received";
        case Direction::Sent:
            return "sent";
        case Direction::Unknown:
            return "unknown";
    }
    return "?";
}

std::string_view transport_name(Transport t) {
    switch (t) {
        case Transport::Udp:
            return "udp";
        case Transport::Tcp:
            return "tcp";
        case Transport::Tls:
            return "tls";
        case Transport::Sctp:
            return "sctp";
        case Transport::Ws:
            return "ws";
        case Transport::Wss:
            return "wss";
        case Transport::Unknown:
            return "unknown";
    }
    return "?";
}

std::string_view basis_name(match::Scope::Basis b) {
    switch (b) {
        case match::Scope::Basis::Everything:
            return "everything";
        case match::Scope::Basis::Option:
            return "option";
        case match::Scope::Basis::TraceAddresses:
            return "log_addresses";
        case match::Scope::Basis::CaptureContent:
            return "capture_content";
    }
    return "?";
}

std::string_view basis_explanation(match::Scope::Basis b) {
    switch (b) {
        case match::Scope::Basis::Everything:
            return "every message (the log has addresses but no direction; --server narrows it)";
        case match::Scope::Basis::Option:
            return "from --server";
        case match::Scope::Basis::TraceAddresses:
            return "inferred from the log's addresses";
        case match::Scope::Basis::CaptureContent:
            return "inferred from the capture by content (the log has no addresses; --server "
                   "sets them)";
    }
    return "?";
}

std::string window_sentences(const match::Comparison& c) {
    if (!c.log_span || !c.capture_span) {
        return {};
    }
    double start =
        (static_cast<double>(c.capture_span->first_ns) -
         (static_cast<double>(c.log_span->first_ns) - static_cast<double>(c.offset_at_start()))) /
        1e9;
    double end =
        (static_cast<double>(c.capture_span->last_ns) -
         (static_cast<double>(c.log_span->last_ns) - static_cast<double>(c.offset_at_end()))) /
        1e9;
    std::string out;
    constexpr double kNoticeable = 0.001;
    if (start > kNoticeable) {
        out += fmt::format("the capture starts {} after the log", duration(start));
    } else if (start < -kNoticeable) {
        out += fmt::format("the log starts {} after the capture", duration(-start));
    }
    std::string end_text;
    if (end < -kNoticeable) {
        end_text = fmt::format("the capture ends {} before the log", duration(-end));
    } else if (end > kNoticeable) {
        end_text = fmt::format("the log ends {} before the capture", duration(end));
    }
    if (!end_text.empty()) {
        out += out.empty() ? end_text : "; " + end_text;
    }
    return out;
}

std::string verdict(const match::Comparison& c, const RunInfo& run) {
    const match::Summary& s = c.summary;
    switch (c.exit_status(run.strict_window)) {
        case 0:
            return "agree";
        case 1:
            if (s.differing + s.only_in_log + s.only_in_capture == 0 &&
                (!run.strict_window || s.outside_window == 0)) {
                return "agree as far as captured";  // only cut-short pairs
            }
            return "differ";
        default:
            return "cannot be compared";
    }
}

}  // namespace sipdiff::report
