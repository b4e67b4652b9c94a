#include "logs/format.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "logs/asterisk_pjsip.h"
#include "logs/linphone_log.h"
#include "logs/sofia_trace.h"
#include "logs/trace_format_constants.h"

namespace sipdiff::logs {
namespace {

constexpr std::array<std::pair<LogFormat, std::string_view>, 6> kNames = {{
    {LogFormat::SipdumpText, "sipdump"},
    {LogFormat::SippMsg, "sipp"},
    {LogFormat::SofiaTrace, "freeswitch"},
    {LogFormat::AsteriskPjsip, "asterisk"},
    {LogFormat::LinphoneLog, "linphone"},
    {LogFormat::Capture, "pcap"},
}};

bool is_sipdump(std::string_view head) {
    std::string_view start = sipdump::kRecordStart;
    std::string_view lead = "\ntag: ";
    std::size_t first = head.find_first_not_of("\r\n");
    if (first == std::string_view::npos) {
        return false;
    }
    head.remove_prefix(first);
    return head.substr(0, start.size()) == start && head.substr(start.size(), lead.size()) == lead;
}

// A sipp log starts with a record, or with debug lines before the first record.
bool is_sipp(std::string_view head) {
    std::size_t pos = 0;
    for (int lines = 0; lines < 64 && pos < head.size(); ++lines) {
        std::size_t lf = head.find('\n', pos);
        std::string_view line = head.substr(pos, lf == std::string_view::npos ? lf : lf - pos);
        if (line.substr(0, sipp::kSeparator.size()) == sipp::kSeparator) {
            std::string_view stamp = line.substr(sipp::kSeparator.size());
            return stamp.size() >= 19 && stamp[4] == '-' && stamp[10] == ' ' && stamp[13] == ':';
        }
        bool known = line.empty();
        for (std::string_view d : sipp::kDebugLines) {
            known = known || line.substr(0, d.size()) == d;
        }
        for (std::string_view d : sipp::kUnloggedWrites) {
            known = known || line.substr(0, d.size()) == d;
        }
        if (!known) {
            return false;
        }
        if (lf == std::string_view::npos) {
            break;
        }
        pos = lf + 1;
    }
    return false;
}

}  // namespace

std::string_view format_name(LogFormat f) {
    for (const auto& [format, name] : kNames) {
        if (format == f) {
            return name;
        }
    }
    return "?";
}

std::optional<LogFormat> parse_format_name(std::string_view name) {
    for (const auto& [format, known] : kNames) {
        if (known == name) {
            return format;
        }
    }
    if (name == "pcapng") {
        return LogFormat::Capture;
    }
    if (name == "sofia") {
        return LogFormat::SofiaTrace;
    }
    return std::nullopt;
}

std::string format_names() {
    std::string all;
    for (const auto& entry : kNames) {
        all += all.empty() ? "" : ", ";
        all += entry.second;
    }
    return all;
}

bool is_capture_magic(std::string_view head) {
    if (head.size() < 4) {
        return false;
    }
    std::uint32_t magic = 0;
    std::memcpy(&magic, head.data(), 4);
    for (std::uint32_t known : {0xa1b2c3d4U, 0xa1b23c4dU, 0x0a0d0d0aU}) {
        std::uint32_t swapped = __builtin_bswap32(known);
        if (magic == known || magic == swapped) {
            return true;
        }
    }
    return false;
}

std::optional<LogFormat> detect_format(std::string_view head) {
    if (is_capture_magic(head)) {
        return LogFormat::Capture;
    }
    if (is_sipdump(head)) {
        return LogFormat::SipdumpText;
    }
    if (is_sipp(head)) {
        return LogFormat::SippMsg;
    }
    if (looks_like_sofia_trace(head)) {
        return LogFormat::SofiaTrace;
    }
    if (looks_like_asterisk_log(head)) {
        return LogFormat::AsteriskPjsip;
    }
    if (looks_like_linphone_log(head)) {
        return LogFormat::LinphoneLog;
    }
    return std::nullopt;
}

}  // namespace sipdiff::logs
