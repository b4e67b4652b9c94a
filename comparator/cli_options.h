// The command line of sipdiff, parsed with Boost.Program_options into plain Options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "logs/open_log.h"
#include "match/compare.h"

namespace sipdiff {

struct Options {
    std::string log_path, capture_path;
    logs::LogOptions log;
    match::CompareOptions compare;
    std::vector<std::uint16_t> sip_ports;
    bool json = false;
    std::string html_path;  // --html: also write the report as a page there
};

// Help, version, or a bad command line: print `text` (to stdout when status is 0) and exit.
struct CliExit {
    int status = 0;
    std::string text;
};

std::variant<Options, CliExit> parse_command_line(int argc, const char* const argv[]);

}  // namespace sipdiff
