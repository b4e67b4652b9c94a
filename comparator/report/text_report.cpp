#include "report/text_report.h"

#include <fmt/format.h>

#include <optional>

#include "match/scope.h"
#include "report/time_format.h"
#include "report/wording.h"

namespace sipdiff::report {
namespace {

std::string endpoints(const match::Seen& s) {
    if (!s.src.known() && !s.dst.known()) {
        return fmt::format("{} {}", direction_name(s.direction), transport_name(s.transport));
    }
    return fmt::format("{} {} {} -> {}", direction_name(s.direction), transport_name(s.transport),
                       match::to_string(s.src), match::to_string(s.dst));
}

void write_copy(std::ostream& out, std::string_view label, const match::Seen& s, bool is_log,
                std::int64_t offset_ns) {
    std::int64_t other = is_log ? s.time_ns - offset_ns : s.time_ns + offset_ns;
    const std::string size =
        s.full_size != 0
            ? fmt::format("{} of {} bytes (cut by the snapshot length)", s.size, s.full_size)
            : fmt::format("{} bytes", s.size);
    out << fmt::format("  {:<8} {:<28} {} {} clock = {} {} clock  {}, {}\n", label, where(s.origin),
                       utc_time(s.time_ns), is_log ? "log" : "capture", utc_time(other),
                       is_log ? "capture" : "log", endpoints(s), size);
}

// The clock line of a run whose trace kept one offset to the capture's clock.
void write_clock(std::ostream& out, const match::Comparison& c) {
    if (c.estimate.samples > 0) {
        out << fmt::format("  clock:   log - capture = {} (median over {} messages)",
                           signed_seconds(static_cast<double>(c.estimate.offset_ns) / 1e9),
                           c.estimate.samples);
    } else {
        out << "  clock:   no message common to the heads of both inputs; clocks assumed equal";
    }
    if (c.offsets.count() > 0) {
        out << fmt::format(
            "; over {} {}: mean {}, sd {:.6f} s, min {}, max {}", c.offsets.count(),
            c.summary.cut_short > 0 ? "pairs with the same bytes" : "identical pairs",
            signed_seconds(c.offsets.mean_s()), c.offsets.stddev_s(),
            signed_seconds(c.offsets.min_s()), signed_seconds(c.offsets.max_s()));
    }
    if (std::optional<match::Drift> drift = c.drift) {
        out << fmt::format("; the log's clock drifts {:+.1f} ppm ({} over the run)", drift->ppm,
                           signed_seconds(drift->over_run_s));
    }
    out << '\n';
}

// One line per offset the trace's clock kept, in time order, each after the first saying by how
// much the clock stepped and at which pair it shows first.
void write_clock_phases(std::ostream& out, const std::vector<match::ClockPhase>& phases) {
    out << "  clock:   the log's clock stepped during the run; log - capture over time (capture "
           "clock):\n";
    for (std::size_t i = 0; i < phases.size(); ++i) {
        const match::ClockPhase& p = phases[i];
        out << fmt::format("    {} from {} to {}, {} identical pairs (sd {:.6f} s)",
                           signed_seconds(static_cast<double>(p.estimate.offset_ns) / 1e9),
                           utc_time(p.offsets.first_ns()), utc_time(p.offsets.last_ns()),
                           p.offsets.count(), p.offsets.stddev_s());
        if (i > 0) {
            const std::int64_t step = p.estimate.offset_ns - phases[i - 1].estimate.offset_ns;
            out << fmt::format(": a step of {} first seen at {} = {}",
                               signed_seconds(static_cast<double>(step) / 1e9), where(p.first_log),
                               where(p.first_capture));
        }
        out << '\n';
    }
}

void write_difference(std::ostream& out, const match::Difference& d) {
    const std::int64_t offset_ns = d.clock_offset_ns;
    const match::Seen& any = d.log ? *d.log : *d.capture;
    out << fmt::format("\n{}  {}", kind_title(d.kind), any.first_line);
    if (!any.call_id.empty()) {
        out << fmt::format("  [Call-ID {}, CSeq {}]", any.call_id, any.cseq);
    }
    out << '\n';
    if (d.log) {
        write_copy(out, "log", *d.log, true, offset_ns);
    }
    if (d.capture) {
        write_copy(out, "capture", *d.capture, false, offset_ns);
    }
    if (d.copy_of) {
        out << fmt::format(
            "  an extra copy (retransmission or duplicate) of {}, which was paired\n",
            where(*d.copy_of));
    }
    if (d.kind == match::Kind::CutShort) {
        out << "  the same bytes as far as both copies go; the rest was not captured\n";
    }
    if (d.kind != match::Kind::Differing) {
        return;
    }
    if (!d.diff.changed_headers.empty()) {
        std::string names;
        for (const std::string& n : d.diff.changed_headers) {
            names += names.empty() ? n : ", " + n;
        }
        out << "  changed headers: " << names << '\n';
    }
    for (const std::string& note : d.diff.notes) {
        out << "  " << note << '\n';
    }
    out << fmt::format("  --- log {}\n  +++ capture {}\n", where(d.log->origin),
                       where(d.capture->origin));
    for (const match::DiffLine& l : d.diff.lines) {
        out << "  " << l.op << l.text << '\n';
    }
}

}  // namespace

void write_text(std::ostream& out, const match::Comparison& c, const RunInfo& run) {
    const match::Summary& s = c.summary;
    out << fmt::format(
        "sipdiff: traces {}: {} matched, {} differing, {} only in log, {} only in capture, {} "
        "outside window",
        verdict(c, run), s.matched, s.differing, s.only_in_log, s.only_in_capture,
        s.outside_window);
    if (s.not_logged > 0) {
        out << fmt::format(", {} not logged (admitted by the log)", s.not_logged);
    }
    if (s.cut_short > 0) {
        out << fmt::format(", {} cut short (compared in part only)", s.cut_short);
    }
    if (s.extra_copies > 0) {
        out << fmt::format(" ({} of the unpaired are extra copies)", s.extra_copies);
    }
    if (run.problems != nullptr && run.problems->count() > 0) {
        out << fmt::format("; {} damaged input record{} skipped", run.problems->count(),
                           run.problems->count() == 1 ? "" : "s");
    }
    out << '\n';
    if (!c.not_comparable.empty()) {
        out << "  cannot compare: " << c.not_comparable << '\n';
    }
    out << fmt::format("  log:     {} ({} format{}), {} records", run.log_path, run.log_format,
                       run.format_detected ? ", detected" : ", from --log-format", s.log_records);
    if (s.log_records_cut > 0) {
        out << fmt::format(" ({} cut short by the snapshot length)", s.log_records_cut);
    }
    if (s.encrypted > 0) {
        out << fmt::format(
            " ({} over TLS or WSS: a capture holds them encrypted, they are not compared; a HEP "
            "mirror of the server can be, or Wireshark's export of them decrypted: tshark -r "
            "CAPTURE -o tls.keylog_file:KEYS -U \"OSI layer 7\" -w CLEAR.pcapng)",
            s.encrypted);
    }
    if (c.log_span) {
        out << fmt::format(", {} .. {} log clock", utc_time(c.log_span->first_ns),
                           utc_time(c.log_span->last_ns));
    }
    out << '\n';
    if (!run.timezone.empty()) {
        out << fmt::format("           its times are local; read as {}\n", run.timezone);
    }
    if (!run.dates.empty()) {
        out << fmt::format("           {}\n", run.dates);
    }
    out << fmt::format("  capture: {}, {} SIP messages ({} out of scope", run.capture_path,
                       s.capture_records, s.out_of_scope);
    if (s.sniffed_twice > 0) {
        out << fmt::format(", {} seen a second time by the sniffer", s.sniffed_twice);
    }
    if (s.capture_records_cut > 0) {
        out << fmt::format(
            ", {} cut short by the snapshot length: capture with -s 0 to see them "
            "whole",
            s.capture_records_cut);
    }
    out << ')';
    if (c.capture_span) {
        out << fmt::format(", {} .. {}", utc_time(c.capture_span->first_ns),
                           utc_time(c.capture_span->last_ns));
    }
    out << '\n';
    std::string eps;
    for (const std::string& e : c.scope_endpoints) {
        eps += eps.empty() ? e : ", " + e;
    }
    out << fmt::format("  scope:   {} {}\n", eps.empty() ? "(none)" : eps,
                       c.scope_basis == match::Scope::Basis::Everything
                           ? basis_explanation(c.scope_basis)
                           : "(" + std::string(basis_explanation(c.scope_basis)) + ")");
    // A sniffer behind the clients' NAT translates every client: the first few say what it is.
    constexpr std::size_t kTranslationsShown = 5;
    for (std::size_t i = 0; i < c.translations.size() && i < kTranslationsShown; ++i) {
        const match::AddressMap::Translation& t = c.translations[i];
        out << fmt::format(
            "  nat:     {} in the log is {} in the capture (a NAT between them; {} messages)\n",
            match::to_string(t.trace), match::to_string(t.capture), t.messages);
    }
    if (c.translations.size() > kTranslationsShown) {
        out << fmt::format("  nat:     and {} more translated endpoints (all of them: --json)\n",
                           c.translations.size() - kTranslationsShown);
    }
    if (!c.phases.empty()) {
        write_clock_phases(out, c.phases);
    } else if (c.log_span && c.capture_span) {  // with one side empty there is no clock to set
        write_clock(out, c);
    }
    std::string window = window_sentences(c);
    if (!window.empty()) {
        out << "  window:  " << window << "; messages outside the common span are listed as "
            << (run.strict_window ? "differences (--strict-window)\n"
                                  : "outside the window and do not count\n");
    }
    if (c.admitted_unlogged > 0) {
        out << fmt::format(
            "  gaps:    the log admits {} writes it did not log (sipp buffered writes, first "
            "notice at {}); {} capture messages are attributed to them\n",
            c.admitted_unlogged, where(*c.first_unlogged_notice), s.not_logged);
    }
    if (run.problems != nullptr && run.problems->count() > 0) {
        out << "  input:   the damaged or unrecognised input is listed on stderr\n";
    }
    if (run.problems != nullptr) {
        for (const Problem& n : run.problems->notices()) {
            out << "  note:    " << where(n.where) << ": " << n.reason << '\n';
        }
    }
    if (!c.not_comparable.empty()) {
        return;  // every message is outside the window: listing them says nothing more
    }
    for (const match::Difference& d : c.differences) {
        write_difference(out, d);
    }
}

}  // namespace sipdiff::report
