#include "match/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "sip/header_names.h"
#include "sip/message.h"

namespace sipdiff::match {
namespace {

constexpr std::size_t kMaxDiffLines = 2000;  // longer bodies are compared as a whole

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        std::size_t lf = text.find('\n');
        std::string_view line = text.substr(0, lf);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        if (lf == std::string_view::npos) {
            break;
        }
        text.remove_prefix(lf + 1);
    }
    return lines;
}

// Line diff by longest common subsequence; returns the number of changed lines.
std::size_t diff_lines(const std::vector<std::string_view>& a,
                       const std::vector<std::string_view>& b, std::vector<DiffLine>& out) {
    if (a.size() > kMaxDiffLines || b.size() > kMaxDiffLines) {
        out.push_back({'-', fmt::format("({} lines)", a.size())});
        out.push_back({'+', fmt::format("({} lines)", b.size())});
        return a.size() + b.size();
    }
    std::vector<std::vector<std::uint16_t>> lcs(a.size() + 1,
                                                std::vector<std::uint16_t>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;) {
        for (std::size_t j = b.size(); j-- > 0;) {
            lcs[i][j] = a[i] == b[j] ? static_cast<std::uint16_t>(lcs[i + 1][j + 1] + 1)
                                     : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    std::size_t changed = 0;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            ++i, ++j;
        } else if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
            out.push_back({'-', std::string(a[i++])});
            ++changed;
        } else {
            out.push_back({'+', std::string(b[j++])});
            ++changed;
        }
    }
    return changed;
}

std::string header_line(const sip::Header& h) {
    return fmt::format("{}: {}", h.name, h.value);
}

// Headers of `m` with canonical name `name`, in order.
std::vector<const sip::Header*> named(const sip::Message& m, const std::string& name) {
    std::vector<const sip::Header*> out;
    for (const sip::Header& h : m.headers) {
        if (sip::header_name_is(h.name, name)) {
            out.push_back(&h);
        }
    }
    return out;
}

void diff_headers(const sip::Message& a, const sip::Message& b, MessageDiff& d) {
    std::vector<std::string> names;  // canonical, first seen in a then in b
    for (const sip::Message* m : {&a, &b}) {
        for (const sip::Header& h : m->headers) {
            std::string n = sip::canonical_header_name(h.name);
            if (std::find(names.begin(), names.end(), n) == names.end()) {
                names.push_back(std::move(n));
            }
        }
    }
    for (const std::string& name : names) {
        auto ha = named(a, name);
        auto hb = named(b, name);
        bool changed = false;
        for (std::size_t i = 0; i < std::max(ha.size(), hb.size()); ++i) {
            bool in_a = i < ha.size(), in_b = i < hb.size();
            if (in_a && in_b && ha[i]->value == hb[i]->value && ha[i]->name == hb[i]->name) {
                continue;
            }
            changed = true;
            if (in_a) {
                d.lines.push_back({'-', header_line(*ha[i])});
            }
            if (in_b) {
                d.lines.push_back({'+', header_line(*hb[i])});
            }
        }
        if (changed) {
            d.changed_headers.push_back(std::string(!ha.empty() ? ha[0]->name : hb[0]->name));
        }
    }
}

void note_content_length(std::string_view side, const sip::Message& m, MessageDiff& d) {
    std::optional<std::size_t> cl = m.content_length();
    if (cl && *cl != m.body.size()) {
        d.notes.push_back(fmt::format("{} copy: Content-Length {} but the body has {} bytes", side,
                                      *cl, m.body.size()));
    }
}

// The names of the header lines among `lines` ("Name: value"), each once, in order.
std::vector<std::string> header_names(const std::vector<DiffLine>& lines) {
    std::vector<std::string> names;
    for (const DiffLine& l : lines) {
        const std::size_t colon = l.text.find(':');
        if (colon == std::string::npos || colon == 0) {
            continue;
        }
        std::string name = l.text.substr(0, colon);
        const bool token = std::all_of(name.begin(), name.end(), sip::is_token_char);
        if (token && std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(std::move(name));
        }
    }
    return names;
}

}  // namespace

MessageDiff diff_cut_messages(std::string_view trace, std::size_t trace_size,
                              std::string_view capture, std::size_t capture_size) {
    MessageDiff d;
    const bool capture_cut = capture.size() < capture_size;
    const std::string_view cut = capture_cut ? capture : trace;
    d.notes.push_back(fmt::format(
        "{} copy cut by the snapshot length ({} of {} bytes): compared as far as it goes",
        capture_cut ? "capture" : "trace", cut.size(), capture_cut ? capture_size : trace_size));
    if (trace_size != capture_size) {
        d.notes.push_back(fmt::format("the message is {} bytes in the trace and {} on the wire",
                                      trace_size, capture_size));
    }
    // The whole lines of the cut copy against as many lines of the other. A middlebox that added
    // or removed a line shows as one more line changed at the end.
    const std::vector<std::string_view> held = split_lines(cut.substr(0, cut.rfind('\n') + 1));
    std::vector<std::string_view> other = split_lines(capture_cut ? trace : capture);
    other.resize(std::min(other.size(), held.size()));
    if (capture_cut) {
        diff_lines(other, held, d.lines);
    } else {
        diff_lines(held, other, d.lines);
    }
    if (d.lines.empty()) {  // the difference is in the cut line itself
        const std::size_t common = std::min(trace.size(), capture.size());
        diff_lines(split_lines(trace.substr(0, common)), split_lines(capture.substr(0, common)),
                   d.lines);
    }
    d.changed_headers = header_names(d.lines);
    return d;
}

MessageDiff diff_messages(std::string_view trace, std::string_view capture) {
    MessageDiff d;
    if (trace.size() != capture.size()) {
        std::string_view shorter = trace.size() < capture.size() ? trace : capture;
        std::string_view longer = trace.size() < capture.size() ? capture : trace;
        if (longer.substr(0, shorter.size()) == shorter) {
            d.notes.push_back(fmt::format("{} copy is truncated: {} of {} bytes",
                                          shorter.data() == trace.data() ? "trace" : "capture",
                                          shorter.size(), longer.size()));
        }
    }
    auto pa = sip::parse_message(trace);
    auto pb = sip::parse_message(capture);
    const auto* a = std::get_if<sip::Message>(&pa);
    const auto* b = std::get_if<sip::Message>(&pb);
    if (a == nullptr || b == nullptr) {
        if (a == nullptr) {
            d.notes.push_back("trace copy: " + std::get<sip::ParseError>(pa).reason);
        }
        if (b == nullptr) {
            d.notes.push_back("capture copy: " + std::get<sip::ParseError>(pb).reason);
        }
        diff_lines(split_lines(trace), split_lines(capture), d.lines);
        return d;
    }
    if (a->start_line != b->start_line) {
        d.notes.push_back("start line changed");
        d.lines.push_back({'-', std::string(a->start_line)});
        d.lines.push_back({'+', std::string(b->start_line)});
    }
    diff_headers(*a, *b, d);
    note_content_length("trace", *a, d);
    note_content_length("capture", *b, d);
    if (a->body != b->body) {
        std::size_t n = diff_lines(split_lines(a->body), split_lines(b->body), d.lines);
        d.notes.push_back(fmt::format("body: {} line(s) changed ({} -> {} bytes)", n,
                                      a->body.size(), b->body.size()));
    }
    if (d.lines.empty() && d.notes.empty()) {
        d.notes.push_back("same headers and body; the bytes differ in spacing or line ends");
        diff_lines(split_lines(trace), split_lines(capture), d.lines);
    }
    return d;
}

}  // namespace sipdiff::match
