#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "match/compare.h"
#include "report/json_report.h"
#include "report/text_report.h"
#include "report/time_format.h"
#include "test_sources.h"

namespace sipdiff::report {
namespace {

using testing::kSecond;
constexpr std::int64_t kT0 = 1795483000LL * kSecond;

match::Comparison sample(ProblemLog& problems) {
    std::vector<Record> log, capture;
    for (int i = 0; i < 5; ++i) {
        std::string bytes = testing::sip_request("c" + std::to_string(i), 1);
        std::int64_t t = kT0 + i * kSecond;
        log.push_back(testing::record(t, bytes, testing::client(), testing::server(),
                                      Direction::Received, 1 + 12 * i, true));
        if (i == 2) {
            bytes.replace(bytes.find("10.0.0.2:5061>"), 14, "192.0.2.9:40000>");
        }
        if (i != 3) {
            capture.push_back(testing::record(t + 3000, bytes, testing::client(), testing::server(),
                                              Direction::Unknown, i + 1, false));
        }
    }
    capture.push_back(testing::record(kT0 + 3 * kSecond + kSecond / 2, testing::sip_request("x", 9),
                                      testing::server(), testing::client(), Direction::Unknown, 9,
                                      false));
    std::sort(capture.begin(), capture.end(),
              [](const Record& a, const Record& b) { return a.time_ns < b.time_ns; });
    problems.report(Problem{Origin{"trace.data", 7, 0}, "bad time 'x'"});
    testing::VectorSource l(log), c(capture);
    return match::compare(l, c, {}, nullptr);
}

RunInfo info(const ProblemLog& problems) {
    RunInfo run;
    run.log_path = "trace.data";
    run.capture_path = "cap.pcap";
    run.log_format = "sipdump";
    run.format_detected = true;
    run.problems = &problems;
    return run;
}

TEST(ProblemLog, PrintsTheFirstOnesAndCountsAll) {
    std::ostringstream err;
    ProblemLog problems(&err, 120, 100);
    for (std::uint64_t frame = 1; frame <= 150; ++frame) {
        problems.report(Problem{Origin{"cap.pcap", 0, frame}, "frame cut by the snapshot length"});
    }
    const std::string text = err.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 100);
    EXPECT_EQ(text.rfind("sipdiff: cap.pcap frame 100: frame cut by the snapshot length\n"),
              text.size() - 62);
    EXPECT_EQ(problems.count(), 150u);
    EXPECT_EQ(problems.unshown(), 50u);
    EXPECT_EQ(problems.kept().size(), 120u);
}

TEST(ProblemLog, NoticesArePrintedAndKeptApartFromTheCount) {
    std::ostringstream err;
    ProblemLog problems(&err);
    problems.report(Problem{Origin{"cap.pcap", 0, 4}, "holds HEPv3 packets", true});
    problems.report(Problem{Origin{"trace.data", 9, 0}, "bad record header line"});
    EXPECT_EQ(err.str(),
              "sipdiff: note: cap.pcap frame 4: holds HEPv3 packets\n"
              "sipdiff: trace.data:9: bad record header line\n");
    EXPECT_EQ(problems.count(), 1u);
    ASSERT_EQ(problems.kept().size(), 1u);
    ASSERT_EQ(problems.notices().size(), 1u);
    EXPECT_EQ(problems.notices()[0].reason, "holds HEPv3 packets");
}

TEST(Reports, NoticesAreListedApartFromDamagedInput) {
    ProblemLog problems(nullptr);
    match::Comparison c = sample(problems);
    problems.report(Problem{Origin{"cap.pcap", 0, 2}, "holds HEPv3 packets", true});
    const nlohmann::json j = to_json(c, info(problems));
    EXPECT_EQ(j["summary"]["problems"], 1);
    ASSERT_EQ(j["notices"].size(), 1u);
    EXPECT_EQ(j["notices"][0]["frame"], 2);
    EXPECT_EQ(j["notices"][0]["text"], "holds HEPv3 packets");
    EXPECT_EQ(j["problems"].size(), 1u);
    std::ostringstream out;
    write_text(out, c, info(problems));
    EXPECT_NE(out.str().find("; 1 damaged input record skipped\n"), std::string::npos);
    EXPECT_NE(out.str().find("\n  note:    cap.pcap frame 2: holds HEPv3 packets\n"),
              std::string::npos)
        << out.str();
}

TEST(TimeFormat, Utc) {
    EXPECT_EQ(utc_time(kT0 + 503'627'000), "2026-11-24 01:16:40.503627");
    EXPECT_EQ(duration(3.21), "3.2 s");
    EXPECT_EQ(duration(0.34), "340 ms");
    EXPECT_EQ(signed_seconds(-0.0000061), "-0.000006 s");
}

TEST(JsonReport, SchemaMembers) {
    ProblemLog problems(nullptr);
    match::Comparison c = sample(problems);
    nlohmann::json j = to_json(c, info(problems));
    EXPECT_EQ(j["schema_version"], 1);
    EXPECT_EQ(j["exit_status"], 1);
    const auto& s = j["summary"];
    EXPECT_EQ(s["matched"], 3);
    EXPECT_EQ(s["differing"], 1);
    EXPECT_EQ(s["only_in_log"], 1);
    EXPECT_EQ(s["only_in_capture"], 1);
    EXPECT_EQ(s["outside_window"], 0);
    EXPECT_EQ(s["problems"], 1);
    for (const char* k : {"matched", "differing", "only_in_log", "only_in_capture",
                          "outside_window", "not_logged", "extra_copies", "out_of_scope"}) {
        EXPECT_TRUE(s[k].is_number_integer()) << k;
    }
    EXPECT_NEAR(j["clock_offset_seconds"].get<double>(), -3e-6, 1e-9);
    ASSERT_EQ(j["differences"].size(), 3u);
    const auto& d = j["differences"][0];
    EXPECT_EQ(d["kind"], "differing");
    EXPECT_EQ(d["log"]["line"], 25);
    EXPECT_EQ(d["capture"]["frame"], 3);
    EXPECT_EQ(d["changed_headers"][0], "Contact");
    EXPECT_EQ(d["diff"][0], "-Contact: <sip:100@10.0.0.2:5061>");
    EXPECT_EQ(j["differences"][1]["kind"], "only_in_log");
    EXPECT_TRUE(j["differences"][1]["capture"].is_null());
    EXPECT_EQ(j["problems"][0]["line"], 7);
    EXPECT_EQ(j["scope"]["basis"], "log_addresses");
}

TEST(TextReport, SummaryLineFirstThenDifferences) {
    ProblemLog problems(nullptr);
    match::Comparison c = sample(problems);
    std::ostringstream out;
    write_text(out, c, info(problems));
    std::string text = out.str();
    EXPECT_EQ(text.rfind("sipdiff: traces differ: 3 matched, 1 differing, 1 only in log, 1 only "
                         "in capture, 0 outside window; 1 damaged input record skipped\n",
                         0),
              0u)
        << text;
    EXPECT_NE(text.find("DIFFERING  REGISTER sip:10.0.0.1 SIP/2.0"), std::string::npos);
    EXPECT_NE(text.find("  -Contact: <sip:100@10.0.0.2:5061>\n  +Contact: "
                        "<sip:100@192.0.2.9:40000>\n"),
              std::string::npos);
    EXPECT_NE(text.find("trace.data:25"), std::string::npos);
    EXPECT_NE(text.find("cap.pcap frame 3"), std::string::npos);
    EXPECT_NE(text.find("ONLY IN LOG"), std::string::npos);
}

// A sniffer behind the clients' NAT: one translation per client. Text shows five, JSON all.
TEST(Reports, ManyNatTranslations) {
    ProblemLog problems(nullptr);
    match::Comparison c = sample(problems);
    for (int i = 0; i < 7; ++i) {
        c.translations.push_back({Endpoint{"198.51.100." + std::to_string(i), 5060},
                                  Endpoint{"192.168.1." + std::to_string(i), 5060}, 2});
    }
    std::ostringstream out;
    write_text(out, c, info(problems));
    const std::string text = out.str();
    EXPECT_NE(text.find("  nat:     198.51.100.0:5060 in the log is 192.168.1.0:5060 in the "
                        "capture (a NAT between them; 2 messages)\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("198.51.100.4:5060"), std::string::npos);
    EXPECT_EQ(text.find("198.51.100.5:5060"), std::string::npos);
    EXPECT_NE(text.find("  nat:     and 2 more translated endpoints (all of them: --json)\n"),
              std::string::npos);
    const nlohmann::json j = to_json(c, info(problems));
    ASSERT_EQ(j["address_translations"].size(), 7u);
    EXPECT_EQ(j["address_translations"][6]["log"], "198.51.100.6:5060");
    EXPECT_EQ(j["address_translations"][6]["capture"], "192.168.1.6:5060");
    EXPECT_EQ(j["address_translations"][6]["messages"], 2);
}

}  // namespace
}  // namespace sipdiff::report
