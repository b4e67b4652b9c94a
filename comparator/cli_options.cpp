#include "cli_options.h"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <sstream>

namespace sipdiff {
namespace {

namespace po = boost::program_options;

constexpr std::string_view kUsage =
    "usage: sipdiff LOG CAPTURE [options]\n"
    "Compares a SIP server's own message trace (LOG) with a capture taken at the same time.\n"
    "Exit status: 0 the traces agree, 1 they differ, 2 trouble (unreadable input, unknown\n"
    "format, bad option).\n\n";

po::options_description describe() {
    po::options_description d("options");
    d.add_options()                      //
        ("help,h", "show this help")     //
        ("version", "show the version")  //
        ("log", po::value<std::string>(),
         "the server trace, may be gzip-compressed (also the first argument; - for standard "
         "input)")  //
        ("capture", po::value<std::string>(),
         "the pcap/pcapng capture, may be gzip-compressed (also the second argument; - for "
         "standard input)")  //
        ("log-format", po::value<std::string>(),
         "force the trace format: sipdump, sipp, freeswitch, asterisk, linphone or pcap "
         "(default: detected)")  //
        ("log-timezone", po::value<std::string>(),
         "zone of a trace written in local time (sipp, freeswitch, asterisk, linphone): a name "
         "like Europe/Paris, UTC, or an offset like +02:00 (default: the machine's zone)")  //
        ("log-date", po::value<std::string>(),
         "YYYY-MM-DD: the date of the first record of a trace that gives only times of day "
         "(freeswitch) and has no dated lines before it, or near which the year of stamps "
         "without one is taken (asterisk) (default: the capture's)")  //
        ("server", po::value<std::vector<std::string>>()->composing(),
         "ADDR[:PORT] the log speaks for; repeatable (default: inferred from the log, or from "
         "the capture by content)")  //
        ("sip-port", po::value<std::vector<unsigned>>()->composing(),
         "look for SIP in the capture only on this port; repeatable (default: any port, by "
         "content)")  //
        ("match-window", po::value<double>()->default_value(5.0),
         "seconds two copies of one message may be apart after clock correction")  //
        ("strict-window",
         "messages outside the time span both inputs cover count as differences")  //
        ("json", "write the report as JSON (schema: comparator/JSON_SCHEMA.md)")   //
        ("html", po::value<std::string>(),
         "also write the report as a self-contained HTML page to this file");
    return d;
}

std::string usage_error(const std::string& what) {
    return fmt::format("sipdiff: {}\nTry 'sipdiff --help'.\n", what);
}

}  // namespace

std::variant<Options, CliExit> parse_command_line(int argc, const char* const argv[]) {
    po::options_description visible = describe();
    po::options_description all;
    all.add(visible).add_options()("positional", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("positional", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        return CliExit{2, usage_error(e.what())};
    }
    if (vm.count("help") > 0) {
        std::ostringstream text;
        text << kUsage << visible;
        return CliExit{0, text.str()};
    }
    if (vm.count("version") > 0) {
        return CliExit{0, "sipdiff " SIPAUDIT_VERSION "\n"};
    }
    Options o;
    std::vector<std::string> args;
    if (vm.count("positional") > 0) {
        args = vm["positional"].as<std::vector<std::string>>();
    }
    std::size_t next = 0;
    if (vm.count("log") > 0) {
        o.log_path = vm["log"].as<std::string>();
    } else if (next < args.size()) {
        o.log_path = args[next++];
    }
    if (vm.count("capture") > 0) {
        o.capture_path = vm["capture"].as<std::string>();
    } else if (next < args.size()) {
        o.capture_path = args[next++];
    }
    if (next < args.size()) {
        return CliExit{2, usage_error("unexpected argument '" + args[next] + "'")};
    }
    if (o.log_path.empty() || o.capture_path.empty()) {
        return CliExit{2, usage_error("need a LOG and a CAPTURE")};
    }
    if (o.log_path == "-" && o.capture_path == "-") {
        return CliExit{2, usage_error("LOG and CAPTURE cannot both be standard input (-)")};
    }
    if (vm.count("log-format") > 0) {
        std::string name = vm["log-format"].as<std::string>();
        o.log.format = logs::parse_format_name(name);
        if (!o.log.format) {
            return CliExit{2, usage_error(fmt::format("unknown --log-format '{}' (known: {})", name,
                                                      logs::format_names()))};
        }
    }
    if (vm.count("log-timezone") > 0) {
        o.log.timezone = vm["log-timezone"].as<std::string>();
        if (o.log.timezone.empty()) {
            return CliExit{2, usage_error("empty --log-timezone")};
        }
    }
    if (vm.count("log-date") > 0) {
        o.log.date = vm["log-date"].as<std::string>();
        const std::string& d = o.log.date;
        const bool shaped = d.size() == 10 && d[4] == '-' && d[7] == '-' &&
                            d.find_first_not_of("0123456789-") == std::string::npos;
        if (!shaped || logs::LocalZone().to_utc_ns(d + " 00:00:00") == std::nullopt) {
            return CliExit{2, usage_error("bad --log-date '" + d + "' (expected YYYY-MM-DD)")};
        }
    }
    if (vm.count("server") > 0) {
        for (const std::string& s : vm["server"].as<std::vector<std::string>>()) {
            std::optional<match::EndpointPattern> p = match::parse_endpoint_pattern(s);
            if (!p) {
                return CliExit{2, usage_error("bad --server '" + s +
                                              "' (expected ADDR or ADDR:PORT, [v6]:PORT)")};
            }
            o.compare.servers.push_back(*p);
        }
    }
    if (vm.count("sip-port") > 0) {
        for (unsigned port : vm["sip-port"].as<std::vector<unsigned>>()) {
            if (port == 0 || port > 65535) {
                return CliExit{2, usage_error(fmt::format("bad --sip-port {}", port))};
            }
            o.sip_ports.push_back(static_cast<std::uint16_t>(port));
        }
    }
    double window = vm["match-window"].as<double>();
    if (!(window > 0) || window > 3600 || std::isnan(window)) {
        return CliExit{2, usage_error("--match-window must be between 0 and 3600 seconds")};
    }
    o.compare.window_ns = static_cast<std::int64_t>(window * 1e9);
    o.compare.strict_window = vm.count("strict-window") > 0;
    o.json = vm.count("json") > 0;
    if (vm.count("html") > 0) {
        o.html_path = vm["html"].as<std::string>();
    }
    return o;
}

}  // namespace sipdiff
