#include "sip/message.h"

#include <gtest/gtest.h>

#include "sip/header_names.h"

namespace sipdiff::sip {
namespace {

Message parse_ok(std::string_view bytes) {
    auto r = parse_message(bytes);
    EXPECT_TRUE(std::holds_alternative<Message>(r))
        << (std::holds_alternative<ParseError>(r) ? std::get<ParseError>(r).reason : "");
    return std::holds_alternative<Message>(r) ? std::move(std::get<Message>(r)) : Message{};
}

std::string parse_error(std::string_view bytes) {
    auto r = parse_message(bytes);
    return std::holds_alternative<ParseError>(r) ? std::get<ParseError>(r).reason : "";
}

TEST(SipMessage, RequestStartLine) {
    Message m = parse_ok("INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\n\r\n");
    EXPECT_TRUE(m.is_request);
    EXPECT_EQ(m.method, "INVITE");
    EXPECT_EQ(m.uri, "sip:bob@example.com");
    EXPECT_EQ(m.start_line, "INVITE sip:bob@example.com SIP/2.0");
}

TEST(SipMessage, ResponseStartLine) {
    Message m = parse_ok("SIP/2.0 401 Unauthorized\r\n\r\n");
    EXPECT_FALSE(m.is_request);
    EXPECT_EQ(m.status, 401);
    EXPECT_EQ(m.reason, "Unauthorized");
    Message empty_reason = parse_ok("SIP/2.0 200\r\n\r\n");
    EXPECT_EQ(empty_reason.status, 200);
}

TEST(SipMessage, BadStartLines) {
    EXPECT_NE(parse_error("SIP/2.0 99 Low\r\n\r\n"), "");
    EXPECT_NE(parse_error("SIP/2.0 abc OK\r\n\r\n"), "");
    EXPECT_NE(parse_error("HTTP/1.1 200 OK\r\n\r\n"), "");
    EXPECT_NE(parse_error("INVITE sip:x HTTP/1.1\r\n\r\n"), "");
    EXPECT_NE(parse_error("INV(ITE sip:x SIP/2.0\r\n\r\n"), "");
    EXPECT_NE(parse_error(""), "");
    EXPECT_NE(parse_error("\x01\x02\x03 binary"), "");
}

TEST(SipMessage, HeadersInOrderWithCompactForms) {
    Message m = parse_ok(
        "OPTIONS sip:a SIP/2.0\r\n"
        "v: SIP/2.0/UDP h1;branch=z9hG4bK1\r\n"
        "Via: SIP/2.0/UDP h2;branch=z9hG4bK2\r\n"
        "i: abc@h\r\n"
        "l: 0\r\n"
        "m: <sip:a@h>\r\n"
        "f: <sip:a@h>;tag=1\r\n"
        "t: <sip:b@h>\r\n"
        "\r\n");
    ASSERT_EQ(m.headers.size(), 7u);
    EXPECT_EQ(m.header("via"), "SIP/2.0/UDP h1;branch=z9hG4bK1");
    EXPECT_EQ(m.header("call-id"), "abc@h");
    EXPECT_EQ(m.header("contact"), "<sip:a@h>");
    EXPECT_EQ(m.header("from"), "<sip:a@h>;tag=1");
    EXPECT_EQ(m.header("to"), "<sip:b@h>");
    EXPECT_EQ(m.content_length(), 0u);
    EXPECT_FALSE(m.header("cseq"));
}

TEST(SipMessage, HeaderNamesAnyCaseAndSpacing) {
    Message m = parse_ok("SIP/2.0 200 OK\r\nCALL-ID   :   x y  \r\ncseq:1 INVITE\r\n\r\n");
    EXPECT_EQ(m.header("call-id"), "x y");
    EXPECT_EQ(m.header("cseq"), "1 INVITE");
}

TEST(SipMessage, FoldedHeaderIsUnfolded) {
    Message m = parse_ok(
        "SIP/2.0 200 OK\r\n"
        "Subject: first\r\n"
        "  second\r\n"
        "\tthird\r\n"
        "Call-ID: c\r\n\r\n");
    EXPECT_EQ(m.header("subject"), "first second third");
    EXPECT_EQ(m.header("call-id"), "c");
    EXPECT_NE(parse_error("SIP/2.0 200 OK\r\n continuation\r\n\r\n"), "");
}

TEST(SipMessage, FoldedValuesSurviveAMove) {
    std::string bytes = "SIP/2.0 200 OK\r\nSubject: a\r\n b\r\n\r\n";
    Message m = parse_ok(bytes);
    Message moved = std::move(m);
    EXPECT_EQ(moved.header("subject"), "a b");
}

TEST(SipMessage, BodyAndContentLength) {
    std::string body = "v=0\r\no=- 1 1 IN IP4 h\r\n";
    // The message's views point into these bytes: they must outlive it.
    const std::string bytes =
        "INVITE sip:a SIP/2.0\r\nContent-Type: application/sdp\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    Message m = parse_ok(bytes);
    EXPECT_EQ(m.body, body);
    EXPECT_EQ(m.content_length(), body.size());
    Message odd = parse_ok("SIP/2.0 200 OK\r\nContent-Length: x1\r\n\r\n");
    EXPECT_FALSE(odd.content_length());
}

TEST(SipMessage, BareLfLinesAreAccepted) {
    Message m = parse_ok("SIP/2.0 200 OK\nCall-ID: c\n\nbody");
    EXPECT_EQ(m.header("call-id"), "c");
    EXPECT_EQ(m.body, "body");
}

TEST(SipMessage, TruncatedHeadersAreAnError) {
    EXPECT_NE(parse_error("SIP/2.0 200 OK\r\nCall-ID: c\r\n"), "");
    EXPECT_NE(parse_error("SIP/2.0 200 OK\r\nno colon here\r\n\r\n"), "");
    EXPECT_NE(parse_error("SIP/2.0 200 OK"), "");
}

TEST(SipMessage, BadHeaderLinesSayWhatIsWrong) {
    EXPECT_EQ(parse_error("SIP/2.0 200 OK\r\nno colon here\r\n\r\n"), "header line without ':'");
    EXPECT_EQ(parse_error("SIP/2.0 200 OK\r\n  : x\r\n\r\n"),
              "continuation line before the first header");
    EXPECT_EQ(parse_error("SIP/2.0 200 OK\r\n: x\r\n\r\n"), "header line with an empty name");
    EXPECT_EQ(parse_error("SIP/2.0 200 OK\r\nCall ID: x\r\n\r\n"), "bad character in header name");
    EXPECT_EQ(parse_error("SIP/2.0 200 OK\r\nCall-ID\r\n\r\n"), "header line without ':'");
    EXPECT_EQ(parse_error("SIP/2.0 200 OK\r\nCall-ID x: y\r\n\r\n"),
              "bad character in header name");
}

TEST(HeaderNames, CompactAndLongForms) {
    EXPECT_EQ(canonical_header_name("i"), "call-id");
    EXPECT_EQ(canonical_header_name("V"), "via");
    EXPECT_EQ(canonical_header_name("Call-ID"), "call-id");
    EXPECT_EQ(canonical_header_name("X-Custom"), "x-custom");
    EXPECT_EQ(canonical_header_name("q"), "q");
    EXPECT_TRUE(header_name_is("l", "content-length"));
    EXPECT_TRUE(header_name_is("CONTENT-length", "content-length"));
    EXPECT_FALSE(header_name_is("c", "content-length"));
    EXPECT_FALSE(header_name_is("Content", "content-length"));
}

TEST(SipMessage, ParseIntoReusedMessageLeavesNothingOfTheLastOne) {
    Message m;
    ASSERT_FALSE(parse_message_into(
        "INVITE sip:b@h SIP/2.0\r\nSubject: a\r\n b\r\nCall-ID: 1\r\n\r\nbody", m));
    EXPECT_EQ(m.header("subject"), "a b");
    ASSERT_FALSE(parse_message_into("SIP/2.0 180 Ringing\r\nCall-ID: 2\r\n\r\n", m));
    EXPECT_FALSE(m.is_request);
    EXPECT_EQ(m.method, "");
    EXPECT_EQ(m.uri, "");
    EXPECT_EQ(m.status, 180);
    ASSERT_EQ(m.headers.size(), 1u);
    EXPECT_EQ(m.header("call-id"), "2");
    EXPECT_TRUE(m.unfolded.empty());
    EXPECT_EQ(m.body, "");
    std::optional<ParseError> err = parse_message_into("SIP/2.0 180 Ringing\r\nCall-ID", m);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->reason, parse_error("SIP/2.0 180 Ringing\r\nCall-ID"));
}

}  // namespace
}  // namespace sipdiff::sip
