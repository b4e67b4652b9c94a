#include "report/html_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "report/json_report.h"
#include "report/wording.h"

namespace sipdiff::report {
namespace {

using nlohmann::json;

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;margin:2em;max-width:80em}"
    "h1.agree{color:#176317}h1.differ{color:#a11}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;"
    "text-align:left;vertical-align:top}td.n{text-align:right}"
    "section{border-top:2px solid #ddd;margin-top:1.5em}"
    "pre{background:#f6f6f6;padding:.5em;overflow-x:auto}"
    ".del{background:#fdd}.add{background:#dfd}.kind{font-family:monospace}";

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A JSON value as text: strings as they are, null as an empty cell.
std::string text(const json& v) {
    if (v.is_null()) {
        return "";
    }
    return escape(v.is_string() ? v.get<std::string>() : v.dump());
}

std::string where(const json& o) {
    std::string out = text(o["file"]);
    if (!o["line"].is_null()) {
        out += ":" + text(o["line"]);
    }
    if (!o["frame"].is_null()) {
        out += " frame " + text(o["frame"]);
    }
    return out;
}

void write_summary(std::ostream& out, const json& summary) {
    out << "<table class=\"summary\">";
    for (const char* key :
         {"matched", "differing", "only_in_log", "only_in_capture", "outside_window", "cut_short",
          "not_logged", "extra_copies", "out_of_scope", "sniffed_twice", "encrypted", "problems"}) {
        out << "<tr><th>" << key << "</th><td class=\"n\">" << text(summary[key]) << "</td></tr>";
    }
    out << "</table>\n";
}

void write_context(std::ostream& out, const json& r) {
    const json& log = r["log"];
    const json& capture = r["capture"];
    auto span = [](const json& s) {
        return s.is_null() ? std::string("no messages")
                           : text(s["first"]) + " .. " + text(s["last"]);
    };
    out << "<h2>Inputs</h2><table>";
    out << "<tr><th>log</th><td>" << text(log["path"]) << " (" << text(log["format"])
        << (log["format_detected"].get<bool>() ? " format, detected" : " format") << "), "
        << text(r["summary"]["log_records"]) << " records, " << span(log["span"]) << " log clock";
    for (const char* note : {"timezone", "dates"}) {
        if (!log[note].is_null()) {
            out << "<br>" << note << ": " << text(log[note]);
        }
    }
    out << "</td></tr><tr><th>capture</th><td>" << text(capture["path"]) << ", "
        << text(r["summary"]["capture_records"]) << " SIP messages ("
        << text(r["summary"]["out_of_scope"]) << " out of scope), " << span(capture["span"])
        << "</td></tr><tr><th>scope</th><td>";
    for (const json& e : r["scope"]["endpoints"]) {
        out << text(e) << " ";
    }
    out << "(" << text(r["scope"]["basis"]) << ")</td></tr>";
    for (const json& t : r["address_translations"]) {
        out << "<tr><th>nat</th><td>" << text(t["log"]) << " in the log is " << text(t["capture"])
            << " in the capture (" << text(t["messages"]) << " messages)</td></tr>";
    }
    const json& clock = r["clock"];
    out << "<tr><th>clock</th><td>log - capture = " << text(r["clock_offset_seconds"])
        << " s (estimated from " << text(clock["estimated_from"]) << " messages; "
        << text(clock["identical_pairs"]) << " identical pairs, sd "
        << text(clock["stddev_seconds"]) << " s)";
    if (!clock["drift"].is_null()) {
        out << "<br>the log's clock drifts " << text(clock["drift"]["ppm"]) << " ppm ("
            << text(clock["drift"]["over_run_seconds"]) << " s over the run)";
    }
    for (const json& p : clock["phases"]) {
        out << "<br>phase: log - capture = " << text(p["offset_seconds"]) << " s from "
            << text(p["first"]) << " to " << text(p["last"]) << ", " << text(p["identical_pairs"])
            << " identical pairs, first at " << where(p["first_log"]) << " = "
            << where(p["first_capture"]);
    }
    out << "</td></tr>";
    if (!r["window"]["note"].is_null()) {
        out << "<tr><th>window</th><td>" << text(r["window"]["note"]) << "</td></tr>";
    }
    if (!r["not_comparable"].is_null()) {
        out << "<tr><th>cannot compare</th><td>" << text(r["not_comparable"]) << "</td></tr>";
    }
    out << "</table>\n";
}

void write_copy_row(std::ostream& out, const char* label, const json& c) {
    if (c.is_null()) {
        out << "<tr><th>" << label << "</th><td colspan=\"5\">(none)</td></tr>";
        return;
    }
    out << "<tr><th>" << label << "</th><td>" << where(c) << "</td><td>" << text(c["time"])
        << "<br>= " << text(c["time_other_clock"]) << " other clock</td><td>"
        << text(c["direction"]) << " " << text(c["transport"]) << "</td><td>" << text(c["src"])
        << " &rarr; " << text(c["dst"]) << "</td><td class=\"n\">" << text(c["bytes"])
        << (c["wire_bytes"].is_null() ? "" : " of " + text(c["wire_bytes"])) << " bytes</td></tr>";
}

void write_difference(std::ostream& out, std::size_t n, const json& d) {
    const json& any = d["log"].is_null() ? d["capture"] : d["log"];
    out << "<section id=\"d" << n << "\"><h3><span class=\"kind\">" << text(d["kind"]) << "</span> "
        << text(any["first_line"]) << "</h3>";
    if (!any["call_id"].get<std::string>().empty()) {
        out << "<p>Call-ID " << text(any["call_id"]) << ", CSeq " << text(any["cseq"]) << "</p>";
    }
    out << "<table><tr><th></th><th>where</th><th>time</th><th>direction</th><th>endpoints</th>"
           "<th>size</th></tr>";
    write_copy_row(out, "log", d["log"]);
    write_copy_row(out, "capture", d["capture"]);
    out << "</table>";
    if (!d["copy_of"].is_null()) {
        out << "<p>An extra copy (retransmission or duplicate) of " << where(d["copy_of"])
            << ", which was paired.</p>";
    }
    if (d.contains("changed_headers")) {
        if (!d["changed_headers"].empty()) {
            out << "<p>Changed headers:";
            for (const json& h : d["changed_headers"]) {
                out << " " << text(h);
            }
            out << "</p>";
        }
        for (const json& note : d["notes"]) {
            out << "<p>" << text(note) << "</p>";
        }
        out << "<pre class=\"diff\">";
        for (const json& line : d["diff"]) {
            const std::string l = line.get<std::string>();
            const char* cls = l.empty() ? "" : l[0] == '-' ? "del" : l[0] == '+' ? "add" : "";
            out << "<span class=\"" << cls << "\">" << escape(l) << "</span>\n";
        }
        out << "</pre>";
    }
    out << "</section>\n";
}

}  // namespace

void write_html(std::ostream& out, const match::Comparison& c, const RunInfo& run) {
    const json r = to_json(c, run);
    const std::string v = verdict(c, run);
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sipdiff: "
        << escape(run.log_path) << " vs " << escape(run.capture_path) << "</title><style>" << kStyle
        << "</style></head><body>\n";
    out << "<h1 class=\"" << (v.rfind("agree", 0) == 0 ? "agree" : "differ")
        << "\">sipdiff: traces " << escape(v) << "</h1>\n";
    write_summary(out, r["summary"]);
    write_context(out, r);
    const json& diffs = r["differences"];
    out << "<h2>Differences (" << diffs.size() << ")</h2>\n";
    for (std::size_t i = 0; i < diffs.size(); ++i) {
        write_difference(out, i + 1, diffs[i]);
    }
    if (!r["problems"].empty()) {
        out << "<h2>Damaged or unrecognised input</h2><ul>";
        for (const json& p : r["problems"]) {
            out << "<li>" << where(p) << ": " << text(p["reason"]) << "</li>";
        }
        out << "</ul>\n";
    }
    if (!r["notices"].empty()) {
        out << "<h2>Notes on the input</h2><ul>";
        for (const json& n : r["notices"]) {
            out << "<li>" << where(n) << ": " << text(n["text"]) << "</li>";
        }
        out << "</ul>\n";
    }
    out << "</body></html>\n";
}

}  // namespace sipdiff::report
