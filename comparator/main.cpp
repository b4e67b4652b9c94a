// sipdiff LOG CAPTURE [options]: command line -> open both inputs -> compare -> report -> exit
// status like diff(1): 0 the traces agree, 1 they differ, 2 trouble.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <variant>

#include "capture/capture_reader.h"
#include "cli_options.h"
#include "logs/open_log.h"
#include "match/compare.h"
#include "match/offloaded_keys.h"
#include "match/read_ahead.h"
#include "match/separate_cores.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/problems.h"
#include "report/text_report.h"

namespace {

int trouble(const std::string& message) {
    std::cerr << "sipdiff: " << message << '\n';
    return 2;
}

int run(const sipdiff::Options& o) {
    using namespace sipdiff;
    report::ProblemLog problems(&std::cerr);
    match::ProblemRelay log_problems(problems), capture_problems(problems);
    capture::CaptureOptions capture_options{o.sip_ports};
    // A capture given as the trace may be HEP packets a server mirrored: read what they carry.
    capture::CaptureOptions trace_capture_options = capture_options;
    trace_capture_options.hep = true;
    logs::CaptureOpener open_capture = [&](const std::string& path, ProblemSink& sink) {
        return capture::open_capture(path, trace_capture_options, sink);
    };
    logs::LogOptions log_options = o.log;
    log_options.capture_start = [&o] { return capture::first_packet_time(o.capture_path); };
    capture::CaptureInfo capture_info;
    auto cap =
        capture::open_capture(o.capture_path, capture_options, capture_problems, &capture_info);
    // The capture is read on a thread of its own while this one matches; that thread starts
    // now, while the log's format is detected. On two cores, three busy threads only take turns
    // (the run took about 7% longer than reading the trace between matches): this thread reads
    // the trace and the capture's thread keys it, which evens out the work (17% faster than
    // keying it here on 200,000 messages), and the two threads are kept on a core each
    // (separate_cores.h). The trace is read on a third thread when there is a core for it.
    std::optional<match::ReadAhead> capture_records;
    if (auto* source = std::get_if<std::unique_ptr<RecordSource>>(&cap)) {
        capture_records.emplace(**source, capture_problems);
    }
    auto log = logs::open_log(o.log_path, log_options, open_capture, log_problems);
    if (auto* err = std::get_if<OpenError>(&log)) {
        return trouble(err->message);  // said before anything wrong with the capture
    }
    if (auto* err = std::get_if<OpenError>(&cap)) {
        return trouble(err->message);
    }
    logs::OpenedLog& trace = std::get<logs::OpenedLog>(log);
    match::Comparison result;
    {
        std::unique_ptr<match::KeyedSource> log_records;
        std::optional<match::SeparateCores> apart;  // on two cores, one thread on each
        const unsigned cores = match::usable_cores();
        if (cores >= 3) {
            log_records = std::make_unique<match::ReadAhead>(*trace.records, log_problems);
        } else if (cores == 2) {
            log_records = std::make_unique<match::OffloadedKeys>(*trace.records, log_problems,
                                                                 *capture_records);
            apart.emplace(capture_records->reading_thread());
        } else {
            log_records = std::make_unique<match::InlineKeys>(*trace.records);
        }
        match::CompareOptions compare_options = o.compare;
        compare_options.capture_decrypted = capture_info.exported_pdus;
        result = match::compare(*log_records, *capture_records, compare_options, trace.gaps.get());
    }
    capture_records.reset();  // the reading thread ends here, and its problems pass straight on
    result.summary.problems = problems.count();
    if (problems.unshown() > 0) {
        std::cerr << "sipdiff: " << problems.unshown()
                  << " more damaged or unrecognised input records not shown (all are counted; "
                     "--json lists the first 1000)\n";
    }

    report::RunInfo info;
    info.log_path = o.log_path;
    info.capture_path = o.capture_path;
    info.log_format = std::string(logs::format_name(trace.format));
    info.format_detected = trace.detected;
    info.timezone = trace.zone ? trace.zone->description() : "";
    info.dates = trace.dates;
    info.problems = &problems;
    info.strict_window = o.compare.strict_window;
    if (!o.html_path.empty()) {
        std::ofstream page(o.html_path, std::ios::binary);
        report::write_html(page, result, info);
        page.close();
        if (!page) {
            return trouble("cannot write the HTML report to " + o.html_path + ": " +
                           std::strerror(errno));
        }
    }
    if (o.json) {
        report::write_json(std::cout, result, info);
    } else {
        report::write_text(std::cout, result, info);
    }
    std::cout.flush();
    if (!result.not_comparable.empty()) {
        std::cerr << "sipdiff: cannot compare: " << result.not_comparable << '\n';
    }
    return result.exit_status(o.compare.strict_window);
}

}  // namespace

int main(int argc, char* argv[]) {
    auto parsed = sipdiff::parse_command_line(argc, argv);
    if (auto* exit = std::get_if<sipdiff::CliExit>(&parsed)) {
        (exit->status == 0 ? std::cout : std::cerr) << exit->text;
        return exit->status;
    }
    try {
        return run(std::get<sipdiff::Options>(parsed));
    } catch (const std::exception& e) {
        return trouble(std::string("internal error: ") + e.what());
    }
}
