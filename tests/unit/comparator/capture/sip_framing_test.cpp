#include "sip/framing.h"

#include <gtest/gtest.h>

namespace sipdiff::sip {
namespace {

const std::string kRegister =
    "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 127.0.0.1:5063;branch=z9hG4bK-1\r\n"
    "Call-ID: 1@127.0.0.1\r\n"
    "CSeq: 1 REGISTER\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

const std::string kInviteCompact =
    "INVITE sips:bob@example.com SIP/2.0\r\n"
    "v: SIP/2.0/TCP host;branch=z9hG4bK-2\r\n"
    "i: 2@host\r\n"
    "l :  11\r\n"
    "c: text/plain\r\n"
    "\r\n"
    "hello world";

TEST(SipFraming, StartLines) {
    EXPECT_EQ(classify_start_line("INVITE sip:bob@example.com SIP/2.0\r\n"), StartLine::Sip);
    EXPECT_EQ(classify_start_line("OPTIONS tel:+123 sip/2.0\n"), StartLine::Sip);
    EXPECT_EQ(classify_start_line("SIP/2.0 200 OK\r\n"), StartLine::Sip);
    EXPECT_EQ(classify_start_line("SIP/2.0 180\r\n"), StartLine::Sip);
    EXPECT_EQ(classify_start_line("SIP/2.0 20 OK\r\n"), StartLine::NotSip);
    EXPECT_EQ(classify_start_line("HTTP/1.1 200 OK\r\n"), StartLine::NotSip);
    EXPECT_EQ(classify_start_line("GET / HTTP/1.1\r\n"), StartLine::NotSip);
    EXPECT_EQ(classify_start_line("GET /index SIP/2.0\r\n"), StartLine::NotSip);  // no scheme
    EXPECT_EQ(classify_start_line("INVITE  sip:x SIP/2.0\r\n"), StartLine::NotSip);
    EXPECT_EQ(classify_start_line("\r\nINVITE sip:x SIP/2.0\r\n"), StartLine::NotSip);
    // Partial lines: still possible, or already impossible.
    EXPECT_EQ(classify_start_line("REGIS"), StartLine::NeedMore);
    EXPECT_EQ(classify_start_line("REGISTER sip:127.0.0.1 SI"), StartLine::NeedMore);
    EXPECT_EQ(classify_start_line("SIP/2"), StartLine::NeedMore);
    EXPECT_EQ(classify_start_line("REGISTER sip:127.0.0.1 HT"), StartLine::NotSip);
    EXPECT_EQ(classify_start_line(std::string("\x16\x03\x01", 3)), StartLine::NotSip);
    EXPECT_EQ(classify_start_line(std::string(9000, 'A')), StartLine::NotSip);
}

TEST(SipFraming, Datagrams) {
    EXPECT_TRUE(is_sip_datagram(kRegister));
    // UDP: the datagram is the message, whether or not it has a Content-Length.
    EXPECT_TRUE(is_sip_datagram("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n"));
    EXPECT_FALSE(is_sip_datagram("\r\n\r\n"));  // keep-alive
    EXPECT_FALSE(is_sip_datagram("\r\n"));
    EXPECT_FALSE(is_sip_datagram(""));
    EXPECT_FALSE(is_sip_datagram("REGISTER sip:x SIP/2.0"));            // no line end
    EXPECT_FALSE(is_sip_datagram(std::string("\x80\x00\x12\x34", 4)));  // RTP-like
    // NUL is no token character (strchr() once took it for the string's own terminator).
    EXPECT_FALSE(is_sip_datagram(std::string("INV\0ITE sip:x SIP/2.0\r\n\r\n", 25)));
}

TEST(SipFraming, ContentLengthForms) {
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nContent-Length: 42\r\n"), 42);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\ncontent-length:7\r\n"), 7);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nl: 3\r\n"), 3);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nL :3\r\n"), 3);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nContent-Length:\r\n 12\r\n"), 12);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nVia: x\r\n"), -1);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nLength: 5\r\n"), -1);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nContent-Length: abc\r\n"), -2);
    // Fuzzer find: digits split by white space are not one number.
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nContent-Length: 1 0\r\n"), -2);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nContent-Length:\r\n  12 \r\n"), 12);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n"), -2);
    EXPECT_EQ(find_content_length("INVITE sip:a SIP/2.0\r\nl: 2\r\nContent-Length: 2\r\n"), 2);
}

TEST(SipFraming, StreamOneMessage) {
    const Framed f = frame_stream_message(kRegister);
    ASSERT_EQ(f.kind, Framed::Kind::Message);
    EXPECT_EQ(f.skipped, 0u);
    EXPECT_EQ(f.length, kRegister.size());
    EXPECT_FALSE(f.content_length_missing);
}

TEST(SipFraming, StreamCompactContentLengthAndBody) {
    const std::string stream = kInviteCompact + kRegister;
    const Framed f = frame_stream_message(stream);
    ASSERT_EQ(f.kind, Framed::Kind::Message);
    EXPECT_EQ(f.length, kInviteCompact.size());
}

TEST(SipFraming, StreamKeepAlivesSkipped) {
    const std::string stream = "\r\n\r\n\r\n" + kRegister;
    const Framed f = frame_stream_message(stream);
    ASSERT_EQ(f.kind, Framed::Kind::Message);
    EXPECT_EQ(f.skipped, 6u);
    EXPECT_EQ(f.length, kRegister.size());
    const Framed only = frame_stream_message("\r\n\r\n");
    EXPECT_EQ(only.kind, Framed::Kind::NeedMore);
    EXPECT_EQ(only.skipped, 4u);
}

TEST(SipFraming, StreamIncompleteNeedsMore) {
    for (std::size_t n = 1; n < kInviteCompact.size(); ++n) {
        const Framed f = frame_stream_message(std::string_view(kInviteCompact).substr(0, n));
        EXPECT_EQ(f.kind, Framed::Kind::NeedMore) << "prefix of " << n << " bytes";
    }
}

TEST(SipFraming, StreamWithoutContentLengthTakesNoBody) {
    const std::string msg = "SIP/2.0 200 OK\r\nCall-ID: a\r\n\r\n";
    const Framed f = frame_stream_message(msg + kRegister);
    ASSERT_EQ(f.kind, Framed::Kind::Message);
    EXPECT_EQ(f.length, msg.size());
    EXPECT_TRUE(f.content_length_missing);
}

TEST(SipFraming, StreamBareLfLineEnds) {
    const std::string msg = "SIP/2.0 200 OK\nContent-Length: 2\n\nok";
    const Framed f = frame_stream_message(msg + "\r\n");
    ASSERT_EQ(f.kind, Framed::Kind::Message);
    EXPECT_EQ(f.length, msg.size());
}

TEST(SipFraming, StreamNotSipAndInvalid) {
    EXPECT_EQ(frame_stream_message("GET / HTTP/1.1\r\n\r\n").kind, Framed::Kind::NotSip);
    const Framed bad = frame_stream_message("SIP/2.0 200 OK\r\nContent-Length: x\r\n\r\n");
    EXPECT_EQ(bad.kind, Framed::Kind::Invalid);
    EXPECT_NE(bad.reason.find("Content-Length"), std::string::npos);
    FramingLimits small;
    small.max_header_bytes = 64;
    const Framed endless =
        frame_stream_message("SIP/2.0 200 OK\r\n" + std::string(100, 'x') + "\r\n", small);
    EXPECT_EQ(endless.kind, Framed::Kind::Invalid);
    small.max_body_bytes = 10;
    EXPECT_EQ(frame_stream_message("SIP/2.0 200 OK\r\nl: 11\r\n\r\n", small).kind,
              Framed::Kind::Invalid);
}

TEST(SipFraming, FindStartLine) {
    const std::string junk = "a=rtpmap:0 PCMU/8000\r\nbody\r\n";
    EXPECT_EQ(find_start_line(junk + kRegister), junk.size());
    EXPECT_EQ(find_start_line(kRegister), 0u);
    EXPECT_EQ(find_start_line(kRegister, 1), std::string::npos);  // only header lines follow
    EXPECT_EQ(find_start_line("xx\r\nyy\r\n"), std::string::npos);
    EXPECT_EQ(find_start_line("xx\r\nSIP/2"), 4u);  // may become a status line
}

}  // namespace
}  // namespace sipdiff::sip
