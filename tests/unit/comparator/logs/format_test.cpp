#include "logs/format.h"

#include <gtest/gtest.h>

namespace sipdiff::logs {
namespace {

TEST(Format, DetectsEachFormat) {
    EXPECT_EQ(detect_format("====================\ntag: rcv\npid: 1\n"), LogFormat::SipdumpText);
    EXPECT_EQ(detect_format("----------------------------------------------- 2026-11-24 "
                            "01:16:40.503411\nUDP message sent (352 bytes):\n"),
              LogFormat::SippMsg);
    EXPECT_EQ(detect_format("Problem EAGAIN on socket  11 and poll_idx  is 2 \nAdded first "
                            "buffered message to socket 11\n----------------------------------"
                            "------------- 2026-11-24 01:17:14.328207\n"),
              LogFormat::SippMsg);
    EXPECT_EQ(detect_format(std::string("\xd4\xc3\xb2\xa1\x02\x00", 6)), LogFormat::Capture);
    EXPECT_EQ(detect_format(std::string("\x0a\x0d\x0d\x0a\x1c\x00", 6)), LogFormat::Capture);
    EXPECT_EQ(detect_format(std::string("\xa1\xb2\x3c\x4d", 4)), LogFormat::Capture);
}

TEST(Format, UnknownContent) {
    EXPECT_FALSE(detect_format("hello world\n"));
    EXPECT_FALSE(detect_format(std::string("\x00\x01\x02\x03\xff\xfe", 6)));
    EXPECT_FALSE(detect_format("====================\nnot a tag\n"));
    EXPECT_FALSE(detect_format("2026-11-24\t01:16:40.503411\t1795483000.503411\tS\tx\n"));
}

TEST(Format, Names) {
    EXPECT_EQ(parse_format_name("sipdump"), LogFormat::SipdumpText);
    EXPECT_EQ(parse_format_name("sipp"), LogFormat::SippMsg);
    EXPECT_EQ(parse_format_name("pcapng"), LogFormat::Capture);
    EXPECT_FALSE(parse_format_name("syslog"));
    EXPECT_EQ(format_name(LogFormat::SippMsg), "sipp");
}

}  // namespace
}  // namespace sipdiff::logs
