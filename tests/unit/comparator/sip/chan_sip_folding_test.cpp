#include "sip/chan_sip_folding.h"

#include <gtest/gtest.h>

#include <string>

namespace sipdiff::sip {
namespace {

// Folding as chan_sip.c lws2sws() of Asterisk 13.31+ does it (cases worked through by hand from
// its source: CRs go, the last LF goes, header blanks collapse, continuation lines join, the
// body keeps its blanks).
TEST(ChanSipFolding, FoldsLikeLws2sws) {
    EXPECT_EQ(chan_sip_folded_text("OPTIONS sip:a SIP/2.0\r\nContent-Length: 0\r\n\r\n"),
              "OPTIONS sip:a SIP/2.0\nContent-Length: 0\n");
    EXPECT_EQ(chan_sip_folded_text("INVITE sip:a SIP/2.0\r\nContent-Length:   10\r\n\r\n"
                                   "v=0\r\na=x  y\r\n"),
              "INVITE sip:a SIP/2.0\nContent-Length: 10\n\nv=0\na=x  y");
    EXPECT_EQ(chan_sip_folded_text("\r\n"), "");
    EXPECT_EQ(chan_sip_folded_text("\r\n\r\n"), "\n");
    EXPECT_EQ(chan_sip_folded_text("MESSAGE sip:a SIP/2.0\r\nSubject: one\r\n  two\r\n"
                                   "Via:\t SIP/2.0/UDP h\r\n\r\n"),
              "MESSAGE sip:a SIP/2.0\nSubject: one two\nVia:\tSIP/2.0/UDP h\n");
}

TEST(ChanSipFolding, PrintedTextGoesBackToWireForm) {
    const std::string bodyless = "OPTIONS sip:a SIP/2.0\r\nContent-Length: 0\r\n\r\n";
    EXPECT_EQ(wire_from_chan_sip_text("OPTIONS sip:a SIP/2.0\nContent-Length: 0\n"), bodyless);
    const std::string sdp = "INVITE sip:a SIP/2.0\r\nContent-Length: 10\r\n\r\nv=0\r\ns=-\r\n";
    EXPECT_EQ(wire_from_chan_sip_text("INVITE sip:a SIP/2.0\nContent-Length: 10\n\nv=0\ns=-"), sdp);
    // A body without a line end of its own: the Content-Length says so.
    EXPECT_EQ(wire_from_chan_sip_text("MESSAGE sip:a SIP/2.0\nContent-Length: 5\n\nhello"),
              "MESSAGE sip:a SIP/2.0\r\nContent-Length: 5\r\n\r\nhello");
}

TEST(ChanSipFolding, AMessageWithNothingToFoldFoldsToItself) {
    const std::string sdp =
        "INVITE sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 10\r\n"
        "\r\nv=0\r\ns=-\r\n";
    EXPECT_EQ(fold_like_chan_sip(sdp), sdp);
    EXPECT_EQ(
        fold_like_chan_sip("INVITE sip:a SIP/2.0\r\nContent-Length:   10\r\n\r\nv=0\r\ns=-\r\n"),
        "INVITE sip:a SIP/2.0\r\nContent-Length: 10\r\n\r\nv=0\r\ns=-\r\n");
}

}  // namespace
}  // namespace sipdiff::sip
