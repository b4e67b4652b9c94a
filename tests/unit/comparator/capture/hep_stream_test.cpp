#include "capture/hep_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit_stream_framing.h"

namespace sipdiff::capture {
namespace {

// A HEPv3 packet as the framer sees it: "HEP3", its total length, then `body` (chunks, which
// the framer does not read).
std::string packet(const std::string& body) {
    const std::size_t total = 6 + body.size();
    std::string p = "HEP3";
    p.push_back(static_cast<char>(total >> 8));
    p.push_back(static_cast<char>(total & 0xff));
    return p + body;
}

using testing::Framed;
using testing::Piece;

Framed frame_stream(const std::vector<Piece>& pieces) {
    return testing::frame_stream(HepStreamFramer(), pieces);
}

const std::string kA = packet(std::string(300, 'a'));
const std::string kB = packet(std::string(40, 'b'));
const std::string kC = packet(std::string(1200, 'c'));

TEST(HepStream, PacketsSplitAcrossSegmentsComeOutWhole) {
    HepStreamFramer framer;
    Framed out;
    const std::string stream = kA + kB + kC;
    for (char byte : stream) {
        testing::feed(framer, std::string(1, byte), out);
    }
    EXPECT_EQ(out.units, (std::vector<std::string>{kA, kB, kC}));
    EXPECT_TRUE(out.problems.empty());
}

TEST(HepStream, PacketsSharingASegmentComeOutOneByOne) {
    HepStreamFramer framer;
    Framed out;
    testing::feed(framer, kA + kB + kC.substr(0, 10), out);
    ASSERT_EQ(out.units, (std::vector<std::string>{kA, kB}));
    testing::feed(framer, kC.substr(10), out);
    EXPECT_EQ(out.units.back(), kC);
    EXPECT_TRUE(out.problems.empty());
}

TEST(HepStream, ACaptureBegunInsideAPacketSkipsToTheNextOne) {
    const Framed out = frame_stream({{kA.substr(100) + kB}});
    EXPECT_EQ(out.units, (std::vector<std::string>{kB}));
    EXPECT_EQ(out.problems,
              (std::vector<std::string>{"206 bytes that are not HEPv3 packets; skipped"}));
}

TEST(HepStream, APacketCutByAGapIsSkippedAndTheNextOneFound) {
    const Framed out = frame_stream({{kA + kB.substr(0, 20)}, {kB.substr(30) + kC, 10}});
    EXPECT_EQ(out.units, (std::vector<std::string>{kA, kC}));
    EXPECT_EQ(out.problems, (std::vector<std::string>{
                                "HEPv3 packet cut by 10 bytes missing from the capture; skipped",
                                "16 bytes that are not HEPv3 packets; skipped"}));
}

TEST(HepStream, PacketsLostInAGapAreReported) {
    const Framed out = frame_stream({{kA}, {kC, kB.size()}});
    EXPECT_EQ(out.units, (std::vector<std::string>{kA, kC}));
    EXPECT_EQ(out.problems,
              (std::vector<std::string>{
                  "46 bytes missing from the capture: the HEPv3 packets in them are lost"}));
}

TEST(HepStream, ALengthShorterThanTheHeaderIsSkipped) {
    const Framed out = frame_stream({{std::string("HEP3\x00\x03", 6) + kB}});
    EXPECT_EQ(out.units, (std::vector<std::string>{kB}));
    ASSERT_EQ(out.problems.size(), 2u);
    EXPECT_EQ(out.problems[0], "HEPv3 length 3 shorter than its own header; skipped");
    EXPECT_EQ(out.problems[1], "2 bytes that are not HEPv3 packets; skipped");
}

TEST(HepStream, AStreamEndingInBytesThatAreNotPacketsSaysHowMany) {
    const Framed out = frame_stream({{kA + "garbage"}});
    EXPECT_EQ(out.units, (std::vector<std::string>{kA}));
    EXPECT_EQ(out.problems,
              (std::vector<std::string>{"7 bytes that are not HEPv3 packets; skipped"}));
}

TEST(HepStream, AStreamEndingInsideAPacketSaysSo) {
    const Framed out = frame_stream({{kA + kB.substr(0, 30)}});
    EXPECT_EQ(out.units, (std::vector<std::string>{kA}));
    EXPECT_EQ(
        out.problems,
        (std::vector<std::string>{"the stream ends inside a HEPv3 packet (30 bytes); skipped"}));
}

TEST(HepStream, BytesThatNeverHoldAPacketKeepLittle) {
    HepStreamFramer framer;
    Framed out;
    for (int i = 0; i < 100; ++i) {
        testing::feed(framer, std::string(1000, 'x'), out);
    }
    testing::feed(framer, "HE", out);
    testing::feed(framer, "P3" + kB.substr(4), out);
    EXPECT_EQ(out.units, (std::vector<std::string>{kB}));
    EXPECT_EQ(out.problems,
              (std::vector<std::string>{"100000 bytes that are not HEPv3 packets; skipped"}));
}

TEST(HepStream, AStreamIsHepWhenItsFirstBytesHoldAPacketStart) {
    EXPECT_TRUE(starts_hep_stream(ByteSpan(kA)));
    EXPECT_TRUE(starts_hep_stream(ByteSpan(kA.substr(7) + kB)));
    EXPECT_FALSE(starts_hep_stream(ByteSpan(std::string("REGISTER sip:a SIP/2.0\r\n\r\n"))));
    EXPECT_FALSE(starts_hep_stream(ByteSpan(std::string(70000, 'x') + kB)));
}

}  // namespace
}  // namespace sipdiff::capture
