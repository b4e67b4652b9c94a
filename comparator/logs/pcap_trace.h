// A pcap used as the server's trace. kamailio's sipdump writes the real addresses of both ends;
// Asterisk's "pjsip set logger pcap" (13.34+, 16.11+, 17.5+, 18+) knows only the peer's and
// writes 0.0.0.0:0 (or [::]:0) for its own side: the source of what it sent, the destination of
// what it received (and a UDP header whatever the transport). Such an end is unknown, and which
// end it is gives the message's direction, as the PJSIP logger's text records do.
#pragma once

#include <memory>

#include "source.h"

namespace sipdiff::logs {

std::unique_ptr<RecordSource> pcap_trace_records(std::unique_ptr<RecordSource> capture);

}  // namespace sipdiff::logs
