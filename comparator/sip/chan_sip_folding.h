// Asterisk's chan_sip logs a received message ("sip set debug on") only after its default
// pedantic checking rewrote it (chan_sip.c lws2sws(), Asterisk 13.31+ / 16.8+ / 17.2+ / 18-20):
// every CR removed, continuation lines joined, runs of blanks in the headers collapsed to one,
// and the last LF dropped. Its log copy can be put back into wire form only that far; to compare
// it with a capture, the capture's copy goes through the same rewriting.
#pragma once

#include <string>
#include <string_view>

namespace sipdiff::sip {

// `wire` as chan_sip prints it (lws2sws()).
std::string chan_sip_folded_text(std::string_view wire);

// The printed text back in wire form: LF as CRLF, the dropped line end restored (and dropped
// again when the Content-Length says the body ends without one).
std::string wire_from_chan_sip_text(std::string_view printed);

// What a message on the wire becomes in chan_sip's log, read back: the two above in turn.
std::string fold_like_chan_sip(std::string_view wire);

}  // namespace sipdiff::sip
