// Lines for the password crackers of record, built from one Digest credentials header:
// hashcat mode 11400 ("SIP digest authentication (MD5)") and SIPcrack's sipdump file format.
#pragma once

#include <optional>
#include <string>

#include "digest/verdict.h"

namespace digest {

struct ExportInput {
    std::string server_ip;  // the request's destination address, as text (IPv4 or IPv6)
    std::string client_ip;  // the request's source address
    std::string username;   // the username parameter as sent
    std::string realm;
    std::string method;  // the request's method
    std::string uri;     // the uri parameter as sent
    std::string nonce;
    std::string cnonce;     // empty when absent
    std::string nc;         // empty when absent
    std::string qop;        // empty when absent
    std::string algorithm;  // as sent; empty when absent (MD5)
    std::string response;
};

// The export input of one checked credentials header of a request from `client_ip` to
// `server_ip`: the method is the one the response verifies with (INVITE for a repeating ACK).
ExportInput export_input(const KeptCheck& check, std::string server_ip, std::string client_ip);

// The hashcat -m 11400 line ($sip$*...), or nullopt when hashcat cannot use these credentials
// (anything but plain MD5 with qop absent or auth).
std::optional<std::string> hashcat_line(const ExportInput& input);

// One line of a SIPcrack dump file (what `sipcrack` reads), or nullopt likewise.
std::optional<std::string> sipdump_line(const ExportInput& input);

}  // namespace digest
