// Reading SIP messages out of a capture file: pcap or pcapng, plain or gzip-compressed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source.h"

namespace sipdiff::capture {

struct CaptureOptions {
    // Ports on which SIP is looked for (either end of a UDP datagram or TCP segment). Empty:
    // SIP is recognised by its content on any port.
    std::vector<std::uint16_t> sip_ports;
    // HEP packets (capture/hep.h: v3 over UDP or TCP, v1/v2 over UDP) are read as the messages
    // they carry, with the sender's time and addresses: for a capture of what a server mirrored
    // to Homer, read as that server's trace. A sniffer's capture leaves them alone.
    bool hep = false;
};

// What the caller may need to know about an opened capture.
struct CaptureInfo {
    // The capture holds Wireshark's exported PDUs (capture/exported_pdu.h): its SIP messages
    // are those Wireshark decoded, TLS and WSS included when it had the keys.
    bool exported_pdus = false;
};

// Opens `path` (pcap or pcapng, gzip-compressed or not: recognised by content, not by name).
// Records come one SIP message each, in capture order (a TCP message at the frame that completed
// it; several messages of one frame in stream order), origin {path, frame}. Damage (a truncated
// file, malformed headers, TCP gaps, incomplete IP datagrams) goes to `problems`; reading goes
// on with what can be read. `problems` must outlive the returned source.
// OpenError: the file cannot be read, is not a capture, or uses an unsupported link type.
// `info`, when given, is filled in.
OrError<std::unique_ptr<RecordSource>> open_capture(const std::string& path,
                                                    const CaptureOptions& options,
                                                    ProblemSink& problems,
                                                    CaptureInfo* info = nullptr);

// The time of the first packet of the capture file `path` (UTC nanoseconds), read on its own;
// nullopt for standard input, a pipe, or a file that has no packet or is not a capture.
std::optional<std::int64_t> first_packet_time(const std::string& path);

}  // namespace sipdiff::capture
