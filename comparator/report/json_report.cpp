#include "report/json_report.h"

#include "match/scope.h"
#include "report/time_format.h"
#include "report/wording.h"

namespace sipdiff::report {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;

double seconds(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}

json endpoint(const Endpoint& e) {
    return e.known() ? json(match::to_string(e)) : json();
}

json origin(const Origin& o) {
    json j = {{"file", o.file}};
    j["line"] = o.line != 0 ? json(o.line) : json();
    j["frame"] = o.frame != 0 ? json(o.frame) : json();
    return j;
}

json drift(const std::optional<match::Drift>& d) {
    return d ? json({{"ppm", d->ppm}, {"over_run_seconds", d->over_run_s}}) : json();
}

json clock_phases(const std::vector<match::ClockPhase>& phases) {
    json out = json::array();
    for (const match::ClockPhase& p : phases) {
        out.push_back({{"offset_seconds", seconds(p.estimate.offset_ns)},
                       {"estimated_from", p.estimate.samples},
                       {"identical_pairs", p.offsets.count()},
                       {"stddev_seconds", p.offsets.stddev_s()},
                       {"first", utc_time(p.offsets.first_ns())},
                       {"last", utc_time(p.offsets.last_ns())},
                       {"first_log", origin(p.first_log)},
                       {"first_capture", origin(p.first_capture)}});
    }
    return out;
}

json copy(const match::Seen& s, std::int64_t other_clock_ns) {
    json j = origin(s.origin);
    j["time"] = utc_time(s.time_ns);
    j["time_epoch"] = seconds(s.time_ns);
    j["time_other_clock"] = utc_time(other_clock_ns);
    j["direction"] = direction_name(s.direction);
    j["transport"] = transport_name(s.transport);
    j["src"] = endpoint(s.src);
    j["dst"] = endpoint(s.dst);
    j["first_line"] = s.first_line;
    j["call_id"] = s.call_id;
    j["cseq"] = s.cseq;
    j["bytes"] = s.size;
    j["wire_bytes"] = s.full_size != 0 ? json(s.full_size) : json();
    return j;
}

json difference(const match::Difference& d) {
    const std::int64_t offset_ns = d.clock_offset_ns;
    json j = {{"kind", kind_name(d.kind)}};
    j["log"] = d.log ? copy(*d.log, d.log->time_ns - offset_ns) : json();
    j["capture"] = d.capture ? copy(*d.capture, d.capture->time_ns + offset_ns) : json();
    j["copy_of"] = d.copy_of ? origin(*d.copy_of) : json();
    if (d.kind == match::Kind::Differing) {
        j["changed_headers"] = d.diff.changed_headers;
        j["notes"] = d.diff.notes;
        json lines = json::array();
        for (const match::DiffLine& l : d.diff.lines) {
            lines.push_back(std::string(1, l.op) + l.text);
        }
        j["diff"] = lines;
    }
    return j;
}

json span(const std::optional<match::Span>& s) {
    if (!s) {
        return json();
    }
    return {{"first", utc_time(s->first_ns)}, {"last", utc_time(s->last_ns)}};
}

}  // namespace

json to_json(const match::Comparison& c, const RunInfo& run) {
    const match::Summary& s = c.summary;
    json j;
    j["schema_version"] = kSchemaVersion;
    j["exit_status"] = c.exit_status(run.strict_window);
    j["summary"] = {{"matched", s.matched},
                    {"differing", s.differing},
                    {"only_in_log", s.only_in_log},
                    {"only_in_capture", s.only_in_capture},
                    {"outside_window", s.outside_window},
                    {"not_logged", s.not_logged},
                    {"extra_copies", s.extra_copies},
                    {"out_of_scope", s.out_of_scope},
                    {"sniffed_twice", s.sniffed_twice},
                    {"cut_short", s.cut_short},
                    {"log_records", s.log_records},
                    {"capture_records", s.capture_records},
                    {"encrypted", s.encrypted},
                    {"problems", run.problems != nullptr ? run.problems->count() : 0}};
    j["clock_offset_seconds"] = seconds(c.estimate.offset_ns);
    j["clock"] = {{"estimated_from", c.estimate.samples},
                  {"identical_pairs", c.offsets.count()},
                  {"mean_seconds", c.offsets.count() > 0 ? json(c.offsets.mean_s()) : json()},
                  {"stddev_seconds", c.offsets.count() > 0 ? json(c.offsets.stddev_s()) : json()},
                  {"min_seconds", c.offsets.count() > 0 ? json(c.offsets.min_s()) : json()},
                  {"max_seconds", c.offsets.count() > 0 ? json(c.offsets.max_s()) : json()},
                  {"drift", drift(c.drift)},
                  {"phases", clock_phases(c.phases)}};
    j["not_comparable"] = c.not_comparable.empty() ? json() : json(c.not_comparable);
    j["log"] = {{"path", run.log_path},
                {"format", run.log_format},
                {"format_detected", run.format_detected},
                {"timezone", run.timezone.empty() ? json() : json(run.timezone)},
                {"dates", run.dates.empty() ? json() : json(run.dates)},
                {"span", span(c.log_span)},
                {"admitted_unlogged", c.admitted_unlogged},
                {"records_cut", s.log_records_cut}};
    j["capture"] = {{"path", run.capture_path},
                    {"span", span(c.capture_span)},
                    {"records_cut", s.capture_records_cut}};
    j["scope"] = {{"basis", basis_name(c.scope_basis)}, {"endpoints", c.scope_endpoints}};
    json translations = json::array();
    for (const match::AddressMap::Translation& t : c.translations) {
        translations.push_back({{"log", match::to_string(t.trace)},
                                {"capture", match::to_string(t.capture)},
                                {"messages", t.messages}});
    }
    j["address_translations"] = translations;
    std::string window = window_sentences(c);
    j["window"] = {{"strict", run.strict_window}, {"note", window.empty() ? json() : json(window)}};
    json diffs = json::array();
    for (const match::Difference& d : c.differences) {
        diffs.push_back(difference(d));
    }
    j["differences"] = diffs;
    json problems = json::array();
    json notices = json::array();
    if (run.problems != nullptr) {
        for (const Problem& p : run.problems->kept()) {
            json pj = origin(p.where);
            pj["reason"] = p.reason;
            problems.push_back(pj);
        }
        for (const Problem& n : run.problems->notices()) {
            json nj = origin(n.where);
            nj["text"] = n.reason;
            notices.push_back(nj);
        }
    }
    j["problems"] = problems;
    j["notices"] = notices;
    return j;
}

void write_json(std::ostream& out, const match::Comparison& c, const RunInfo& run) {
    out << to_json(c, run).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace sipdiff::report
