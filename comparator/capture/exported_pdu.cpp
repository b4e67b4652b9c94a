#include "capture/exported_pdu.h"

#include <string>

#include "sip/framing.h"

namespace sipdiff::capture {
namespace {

namespace tag {
constexpr std::uint16_t kEnd = 0;
constexpr std::uint16_t kDissectorName = 12;
constexpr std::uint16_t kIpv4Src = 20;
constexpr std::uint16_t kIpv4Dst = 21;
constexpr std::uint16_t kIpv6Src = 22;
constexpr std::uint16_t kIpv6Dst = 23;
constexpr std::uint16_t kPortType = 24;
constexpr std::uint16_t kSrcPort = 25;
constexpr std::uint16_t kDstPort = 26;
constexpr std::uint16_t kOriginalFrame = 30;
}  // namespace tag

std::string_view without_trailing_nuls(ByteSpan value) {
    std::string_view text = value.chars();
    while (!text.empty() && text.back() == '\0') {
        text.remove_suffix(1);
    }
    return text;
}

// The size of the value of a tag read here other than the dissector name; 0 for the others.
std::size_t fixed_size(std::uint16_t type) {
    switch (type) {
        case tag::kIpv4Src:
        case tag::kIpv4Dst:
            return 4;
        case tag::kIpv6Src:
        case tag::kIpv6Dst:
            return 16;
        case tag::kPortType:
        case tag::kSrcPort:
        case tag::kDstPort:
        case tag::kOriginalFrame:
            return 4;
        default:
            return 0;
    }
}

std::optional<ParseError> port_of(ByteSpan value, std::uint16_t& port) {
    const std::uint32_t number = be32(value.data);
    if (number > 0xffff) {
        return ParseError{"exported PDU port " + std::to_string(number) + " is above 65535"};
    }
    port = static_cast<std::uint16_t>(number);
    return std::nullopt;
}

// Stores one tag's value; tags not used here are skipped.
std::optional<ParseError> take_tag(std::uint16_t type, ByteSpan value, ExportedPdu& pdu) {
    if (type == tag::kDissectorName) {
        pdu.dissector = without_trailing_nuls(value);
        return std::nullopt;
    }
    const std::size_t size = fixed_size(type);
    if (size == 0) {
        return std::nullopt;
    }
    if (value.size != size) {
        return ParseError{"exported PDU tag " + std::to_string(type) + " has " +
                          std::to_string(value.size) + " bytes instead of " + std::to_string(size)};
    }
    switch (type) {
        case tag::kIpv4Src:
            pdu.src = ipv4_address(value.data);
            break;
        case tag::kIpv4Dst:
            pdu.dst = ipv4_address(value.data);
            break;
        case tag::kIpv6Src:
            pdu.src = ipv6_address(value.data);
            break;
        case tag::kIpv6Dst:
            pdu.dst = ipv6_address(value.data);
            break;
        case tag::kPortType:
            pdu.port_type = be32(value.data);
            break;
        case tag::kOriginalFrame:
            pdu.original_frame = be32(value.data);
            break;
        case tag::kSrcPort:
            return port_of(value, pdu.src_port);
        case tag::kDstPort:
            return port_of(value, pdu.dst_port);
    }
    return std::nullopt;
}

}  // namespace

std::variant<ExportedPdu, ParseError> parse_exported_pdu(ByteSpan packet) {
    ExportedPdu pdu;
    std::size_t at = 0;
    while (true) {
        if (packet.size - at < 4) {
            return ParseError{"exported PDU cut inside its tags (no end tag after " +
                              std::to_string(at) + " bytes)"};
        }
        const std::uint16_t type = be16(packet.data + at);
        const std::uint16_t length = be16(packet.data + at + 2);
        at += 4;
        if (type == tag::kEnd) {
            break;
        }
        if (packet.size - at < length) {
            return ParseError{"exported PDU tag " + std::to_string(type) + " announces " +
                              std::to_string(length) + " bytes, " +
                              std::to_string(packet.size - at) + " are left"};
        }
        if (auto error = take_tag(type, packet.from(at).first(length), pdu)) {
            return *error;
        }
        at += length;
    }
    pdu.payload = packet.from(at);
    return pdu;
}

std::optional<std::string_view> ExportedStreamMessages::message(const ExportedPdu& pdu) {
    const std::string_view payload = pdu.payload.chars();
    const bool again =
        pdu.original_frame != 0 && pdu.original_frame == frame_ && payload == payload_;
    if (again) {
        ++index_;
    } else {
        frame_ = pdu.original_frame;
        payload_.assign(payload);
        index_ = 0;
    }
    std::string_view rest = payload;
    for (std::size_t i = 0;; ++i) {
        const sip::Framed framed = sip::frame_stream_message(rest);
        if (framed.kind != sip::Framed::Kind::Message) {
            return std::nullopt;
        }
        if (i == index_) {
            // Without a Content-Length (allowed over WebSocket) the message is all that is left.
            return framed.content_length_missing ? rest.substr(framed.skipped)
                                                 : rest.substr(framed.skipped, framed.length);
        }
        rest.remove_prefix(framed.skipped + framed.length);
    }
}

}  // namespace sipdiff::capture
