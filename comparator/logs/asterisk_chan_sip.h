// The records Asterisk's chan_sip writes with "sip set debug on" (chan_sip.c of Asterisk 13 to
// 20), as the `full` log holds them; the reader is asterisk_pjsip_reader(), which reads both
// kinds of record from one file. Three forms, each a header line, the message and a closing line:
//   received:      "<--- SIP read from UDP:1.2.3.4:5060 --->"  ...  "<------------->" (13 '-')
//   sent response: "<--- Reliably Transmitting (NAT) to 1.2.3.4:5060 --->" ... "<------------>"
//   sent request or retransmission: "Transmitting (no NAT) to 1.2.3.4:5060:" or
//                  "Retransmitting #2 (NAT) to 1.2.3.4:5060:"  ...  "---"
// The first two begin with an empty line, so the log line's prefix stands alone on the line
// before; the third shares the prefix's line. Only the peer's address is given, no byte count.
// A sent message is logged as sent, CRLF and all. A received one is logged after chan_sip's
// pedantic checking folded it (sip/chan_sip_folding.h): no CR, blanks collapsed in the headers,
// the last line end dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "source.h"

namespace sipdiff::logs {

struct ChanSipRecordHeader {
    Direction direction = Direction::Unknown;
    Transport transport = Transport::Unknown;  // given for received messages only
    Endpoint remote;
    std::string_view closer;  // the line that ends the record
};

// Parses one of the header lines above (a trailing CR is ignored).
std::optional<ChanSipRecordHeader> parse_chan_sip_record_header(std::string_view text);

struct ChanSipMessage {
    std::string bytes;  // in wire form
    bool folded = false;
};

// The message of a record from the lines between its header and its closing line, each line
// with the LF that ended it (`text`: the logger's own last LF included). Nullopt when nothing is
// left (a keep-alive a peer sent, logged as an empty message).
std::optional<ChanSipMessage> chan_sip_message(const ChanSipRecordHeader& header,
                                               std::string_view text);

}  // namespace sipdiff::logs
