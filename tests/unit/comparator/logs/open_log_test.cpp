#include "logs/open_log.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>

#include "test_sources.h"

namespace sipdiff::logs {
namespace {

class OpenLog : public ::testing::Test {
  protected:
    std::string path(const std::string& name) {
        std::string p = ::testing::TempDir() + "sipdiff_open_log_" + name;
        created_.push_back(p);
        return p;
    }
    void TearDown() override {
        for (const std::string& p : created_) {
            std::remove(p.c_str());
        }
    }
    CaptureOpener no_capture = [](const std::string& p,
                                  ProblemSink&) -> OrError<std::unique_ptr<RecordSource>> {
        return OpenError{p + ": capture opened"};
    };
    testing::CollectingSink sink;

  private:
    std::vector<std::string> created_;
};

const std::string kSipdump =
    "====================\ntag: rcv\ntime: 1.5\nproto: udp ipv4\nsrcip: 10.0.0.2\nsrcport: "
    "5061\ndstip: 10.0.0.1\ndstport: 5060\n~~~~~~~~~~~~~~~~~~~~\nx\r\n||||||||||||||||||||\n";

TEST_F(OpenLog, ReadsGzipTransparently) {
    std::string p = path("log.data.gz");
    gzFile f = gzopen(p.c_str(), "wb");
    gzwrite(f, kSipdump.data(), static_cast<unsigned>(kSipdump.size()));
    gzclose(f);
    auto log = open_log(p, {}, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenedLog>(log));
    OpenedLog& l = std::get<OpenedLog>(log);
    EXPECT_EQ(l.format, LogFormat::SipdumpText);
    EXPECT_TRUE(l.detected);
    Record r;
    ASSERT_TRUE(l.records->next(r));
    EXPECT_EQ(r.bytes, "x\r\n");
}

TEST_F(OpenLog, ClearErrors) {
    auto missing = open_log(path("missing"), {}, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenError>(missing));
    EXPECT_NE(std::get<OpenError>(missing).message.find("No such file"), std::string::npos);

    std::string empty = path("empty");
    std::ofstream(empty).close();
    auto e = open_log(empty, {}, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenError>(e));
    EXPECT_NE(std::get<OpenError>(e).message.find("empty"), std::string::npos);

    std::string junk = path("junk");
    std::ofstream(junk) << std::string(
        "\x7f"
        "ELF\x02\x01\x01\x00garbage",
        12);
    auto j = open_log(junk, {}, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenError>(j));
    EXPECT_NE(std::get<OpenError>(j).message.find("unknown trace format"), std::string::npos);

    auto dir = open_log(::testing::TempDir(), {}, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenError>(dir));
}

TEST_F(OpenLog, CapturesGoToTheCaptureLayer) {
    std::string p = path("x.pcap");
    std::ofstream(p) << std::string("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8);
    auto log = open_log(p, {}, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenError>(log));
    EXPECT_NE(std::get<OpenError>(log).message.find("capture opened"), std::string::npos);
}

TEST_F(OpenLog, ForcedFormatAndZone) {
    std::string p = path("forced");
    std::ofstream(p) << kSipdump;
    LogOptions sipp;
    sipp.format = LogFormat::SippMsg;
    sipp.timezone = "Nowhere/Special";
    auto bad_zone = open_log(p, sipp, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenError>(bad_zone));
    sipp.timezone = "UTC";
    auto forced = open_log(p, sipp, no_capture, sink);
    ASSERT_TRUE(std::holds_alternative<OpenedLog>(forced));
    OpenedLog& l = std::get<OpenedLog>(forced);
    EXPECT_FALSE(l.detected);
    Record r;
    EXPECT_FALSE(l.records->next(r));  // a sipdump file read as sipp holds no sipp record
    EXPECT_FALSE(sink.problems.empty());
}

}  // namespace
}  // namespace sipdiff::logs
