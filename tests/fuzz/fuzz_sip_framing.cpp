// Fuzzes SIP framing on byte streams: sipdiff::sip::frame_stream_message, classify_start_line,
// is_sip_datagram, find_content_length, find_start_line, and the stream framer that turns TCP
// bytes into messages (capture::SipStreamFramer), fed in pieces with gaps.
// Input: a flags byte (bit 0: small limits, bit 1: gaps, bit 2: the gaps are snapshot cuts), a
// piece-size byte, then the stream.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "capture/sip_stream.h"
#include "fuzz_input.h"
#include "sip/framing.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput input(data, size);
    const std::uint8_t flags = input.u8();
    const std::size_t piece = 1 + input.u8();
    const std::string_view stream = input.rest();

    sipdiff::sip::FramingLimits limits;
    if ((flags & 1) != 0) {
        limits.max_start_line = 64;
        limits.max_header_bytes = 256;
        limits.max_body_bytes = 512;
    }

    (void)sipdiff::sip::classify_start_line(stream, limits);
    (void)sipdiff::sip::is_sip_datagram(stream, limits);
    std::size_t at = sipdiff::sip::find_start_line(stream, 0, limits);
    if (at != std::string_view::npos && at > stream.size()) {
        std::abort();
    }
    if (at != std::string_view::npos && at < stream.size()) {
        (void)sipdiff::sip::find_start_line(stream, at + 1, limits);
    }

    // Frame every message of the stream in turn.
    std::string_view rest = stream;
    while (!rest.empty()) {
        const sipdiff::sip::Framed framed = sipdiff::sip::frame_stream_message(rest, limits);
        if (framed.skipped > rest.size()) {
            std::abort();
        }
        if (framed.kind != sipdiff::sip::Framed::Kind::Message) {
            break;
        }
        if (framed.length == 0 || framed.length > rest.size() - framed.skipped) {
            std::abort();
        }
        const std::string_view message = rest.substr(framed.skipped, framed.length);
        if (sipdiff::sip::classify_start_line(message, limits) != sipdiff::sip::StartLine::Sip) {
            std::abort();  // a message begins with a SIP start line
        }
        const std::size_t end = message.find("\r\n\r\n");
        if (end != std::string_view::npos) {
            (void)sipdiff::sip::find_content_length(message.substr(0, end + 2));
        }
        rest.remove_prefix(framed.skipped + framed.length);
    }

    // The same bytes through the stream framer, in pieces, with a gap before every 7th piece.
    sipdiff::capture::SipStreamFramer framer(limits);
    std::vector<sipdiff::capture::StreamMessage> messages;
    std::vector<std::string> problems;
    std::size_t count = 0;
    for (std::size_t offset = 0; offset < stream.size(); offset += piece, ++count) {
        const std::string_view bytes = stream.substr(offset, piece);
        const std::uint64_t gap = (flags & 2) != 0 && count % 7 == 6 ? bytes.size() : 0;
        framer.feed(sipdiff::capture::ByteSpan(bytes), gap, (flags & 4) != 0, messages, problems);
        if (framer.ignored()) {
            break;
        }
    }
    framer.finish(problems);
    (void)framer.is_sip();
    std::size_t total = 0;
    for (const sipdiff::capture::StreamMessage& m : messages) {
        total += m.bytes.size();
        if (sipdiff::sip::classify_start_line(m.bytes, limits) != sipdiff::sip::StartLine::Sip ||
            (m.full_size != 0 && m.full_size <= m.bytes.size())) {
            std::abort();
        }
    }
    if (total > stream.size()) {
        std::abort();
    }
    return 0;
}
