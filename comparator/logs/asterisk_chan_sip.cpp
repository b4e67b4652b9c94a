#include "logs/asterisk_chan_sip.h"

#include "logs/field_parsers.h"
#include "logs/log_text.h"
#include "sip/chan_sip_folding.h"

namespace sipdiff::logs {
namespace {

constexpr std::string_view kReceivedCloser = "<------------->";
constexpr std::string_view kResponseCloser = "<------------>";
constexpr std::string_view kRequestCloser = "---";

// "(NAT) to " or "(no NAT) to ".
bool consume_nat_mode(std::string_view& text) {
    return consume(text, "(NAT) to ") || consume(text, "(no NAT) to ");
}

std::string with_crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        if (c == '\n') {
            out += '\r';
        }
        out += c;
    }
    return out;
}

}  // namespace

std::optional<ChanSipRecordHeader> parse_chan_sip_record_header(std::string_view text) {
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    ChanSipRecordHeader h;
    if (consume(text, "<--- SIP read from ")) {
        std::optional<Transport> transport = take_transport(text);
        if (!transport || !consume_suffix(text, " --->")) {
            return std::nullopt;
        }
        h.direction = Direction::Received;
        h.transport = *transport;
        h.closer = kReceivedCloser;
    } else if (consume(text, "<--- ")) {
        consume(text, "Reliably ");
        if (!consume(text, "Transmitting ") || !consume_nat_mode(text) ||
            !consume_suffix(text, " --->")) {
            return std::nullopt;
        }
        h.direction = Direction::Sent;
        h.closer = kResponseCloser;
    } else {
        if (consume(text, "Retransmitting #")) {
            std::optional<std::string_view> count = take_until(text, ' ');
            if (!count || !parse_uint(*count, 1000) || !consume(text, " ")) {
                return std::nullopt;
            }
        } else {
            consume(text, "Reliably ");
            if (!consume(text, "Transmitting ")) {
                return std::nullopt;
            }
        }
        if (!consume_nat_mode(text) || !consume_suffix(text, ":")) {
            return std::nullopt;
        }
        h.direction = Direction::Sent;
        h.closer = kRequestCloser;
    }
    std::optional<Endpoint> remote = parse_host_port(text);
    if (!remote) {
        return std::nullopt;
    }
    h.remote = std::move(*remote);
    return h;
}

std::optional<ChanSipMessage> chan_sip_message(const ChanSipRecordHeader& header,
                                               std::string_view text) {
    // The record's format ends the message with one more LF of its own.
    if (!text.empty() && text.back() == '\n') {
        text.remove_suffix(1);
    }
    if (text.find_first_not_of("\r\n") == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t lf = text.find('\n');
    const bool crlf_kept = lf == std::string_view::npos || (lf > 0 && text[lf - 1] == '\r');
    ChanSipMessage m;
    if (header.direction == Direction::Sent) {
        // Sent as logged; a copy from a terminal may have lost the CRs.
        m.bytes = crlf_kept ? std::string(text) : with_crlf(text);
    } else if (crlf_kept) {
        m.bytes = std::string(text);  // pedantic=no: logged as received
    } else {
        m.bytes = sip::wire_from_chan_sip_text(text);
        m.folded = true;
    }
    return m;
}

}  // namespace sipdiff::logs
