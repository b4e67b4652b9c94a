// Fuzzes the framing of SIP over WebSocket, sipdiff::capture::WebSocketStreamFramer: whatever the
// bytes, the messages it gives hold no more bytes than were fed since the stream's start (frames
// only shrink: headers and masks are dropped), nothing is given after a gap, and every problem
// says something. Input: records of [flags][length u8][bytes]; flags bit 0: a gap of [u16]
// bytes before the record's bytes; bit 7: the stream ends (finish()). The stream starts as a
// client's upgrade request, so that frames follow. Every record is also probed as the first bytes
// of a connection caught after its handshake (starts_websocket_frames).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/ws_stream.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace cap = sipdiff::capture;
    fuzz::FuzzInput in(data, size);
    cap::WebSocketStreamFramer framer;
    std::vector<std::string> messages, problems;
    const std::string upgrade =
        "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    framer.feed(cap::ByteSpan(upgrade), 0, messages, problems);
    std::size_t fed = 0, given = 0;
    bool gap_seen = false;
    while (!in.empty()) {
        const std::uint8_t flags = in.u8();
        if (flags & 0x80) {
            framer.finish(problems);
            continue;
        }
        const std::uint64_t gap = (flags & 1) ? in.u16() : 0;
        const std::string_view bytes = in.bytes(in.u8());
        (void)cap::starts_websocket_frames(cap::ByteSpan(bytes));
        gap_seen = gap_seen || gap > 0;
        fed += bytes.size();
        messages.clear();
        framer.feed(cap::ByteSpan(bytes), gap, messages, problems);
        for (const std::string& m : messages) {
            given += m.size();
        }
        if (given > fed || (gap_seen && !messages.empty() && gap > 0)) {
            std::abort();
        }
    }
    for (const std::string& p : problems) {
        if (p.empty()) {
            std::abort();
        }
    }
    return 0;
}
