#include "digest/sip_message.h"

#include <gtest/gtest.h>

#include <string>

namespace digest {
namespace {

// Frames 2 and 3 of the corpus capture register-md5/qop-auth (kamailio 5.6.3 and SIPp 3.6.1).
const char kChallenge[] =
    "SIP/2.0 401 Unauthorized\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-22572-1-0;rport=5061;received=127.0.0.1\r\n"
    "From: <sip:100@127.0.0.1>;tag=22572SIPpTag001\r\n"
    "To: <sip:100@127.0.0.1>;tag=9dd61ff61e802d8e2bef5f14621ef3c2.29e55a8f\r\n"
    "Call-ID: 1-22572@127.0.0.1\r\n"
    "CSeq: 1 REGISTER\r\n"
    "WWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4\", "
    "qop=\"auth\"\r\n"
    "Server: kamailio (5.6.3 (x86_64/linux))\r\n"
    "Content-Length: 0\r\n\r\n";

TEST(SipMessage, RealChallenge) {
    const auto result = parse_sip_message(kChallenge);
    ASSERT_TRUE(result.ok()) << result.error;
    const SipMessage& m = result.value;
    EXPECT_FALSE(m.is_request);
    EXPECT_EQ(m.status, 401u);
    EXPECT_EQ(m.reason, "Unauthorized");
    EXPECT_EQ(m.call_id, "1-22572@127.0.0.1");
    EXPECT_EQ(m.cseq_number, 1u);
    EXPECT_EQ(m.cseq_method, "REGISTER");
    EXPECT_EQ(m.top_via_branch, "z9hG4bK-22572-1-0");
    ASSERT_EQ(m.auth_headers.size(), 1u);
    EXPECT_EQ(m.auth_headers[0].kind, AuthHeaderKind::WwwAuthenticate);
    EXPECT_TRUE(m.body.empty());
}

TEST(SipMessage, ReasonPhraseMayHoldSpacesOrBeMissing) {
    const auto barred =
        parse_sip_message("SIP/2.0 403 Not relaying\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\n\r\n");
    ASSERT_TRUE(barred.ok()) << barred.error;
    EXPECT_EQ(barred.value.reason, "Not relaying");
    const auto bare = parse_sip_message("SIP/2.0 403\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\n\r\n");
    ASSERT_TRUE(bare.ok()) << bare.error;
    EXPECT_EQ(bare.value.status, 403u);
    EXPECT_TRUE(bare.value.reason.empty());
}

TEST(SipMessage, CompactFormsFoldingAndBodyByContentLength) {
    const std::string text =
        "INVITE sip:bob@pbx.example SIP/2.0\r\n"
        "v: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK2\r\n"
        "Via: SIP/2.0/UDP 10.0.0.3;branch=z9hG4bK3\r\n"
        "i: abc@host\r\n"
        "CSeq:  7   INVITE\r\n"
        "Proxy-Authorization: Digest username=\"alice\",\r\n"
        "  realm=\"pbx.example\"\r\n"
        "Authorization: Digest username=\"alice\", realm=\"other\"\r\n"
        "l: 5\r\n"
        "\r\n"
        "v=0\r\nEXTRA";
    const auto result = parse_sip_message(text);
    ASSERT_TRUE(result.ok()) << result.error;
    const SipMessage& m = result.value;
    EXPECT_TRUE(m.is_request);
    EXPECT_EQ(m.method, "INVITE");
    EXPECT_EQ(m.request_uri, "sip:bob@pbx.example");
    EXPECT_EQ(m.call_id, "abc@host");
    EXPECT_EQ(m.cseq_number, 7u);
    EXPECT_EQ(m.cseq_method, "INVITE");
    EXPECT_EQ(m.top_via_branch, "z9hG4bK1");
    ASSERT_EQ(m.auth_headers.size(), 2u);
    EXPECT_EQ(m.auth_headers[0].kind, AuthHeaderKind::ProxyAuthorization);
    EXPECT_NE(m.auth_headers[0].value.find("pbx.example"), std::string::npos);
    EXPECT_EQ(m.auth_headers[1].kind, AuthHeaderKind::Authorization);
    EXPECT_EQ(m.body, "v=0\r\n");
}

TEST(SipMessage, BodyWithoutContentLengthRunsToTheEnd) {
    const auto result = parse_sip_message("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.value.body, "hello");
}

TEST(SipMessage, NotSip) {
    EXPECT_FALSE(parse_sip_message("").ok());
    EXPECT_FALSE(parse_sip_message("HTTP/1.1 200 OK\r\n\r\n").ok());
    EXPECT_FALSE(parse_sip_message("SIP/2.0 99 Odd\r\n\r\n").ok());
    EXPECT_FALSE(parse_sip_message("REGISTER sip:x\r\n\r\n").ok());
    EXPECT_FALSE(parse_sip_message(std::string(100, '\0')).ok());
}

TEST(SipMessage, HugeCSeqIsIgnoredNotTrusted) {
    const auto result =
        parse_sip_message("SIP/2.0 200 OK\r\nCSeq: 99999999999999999999 REGISTER\r\n\r\n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.value.cseq_number, 0u);
    EXPECT_TRUE(result.value.cseq_method.empty());
}

const char kRegisterWithoutCredentials[] =
    "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-22572-1-0\r\n"
    "Call-ID: 1-22572@127.0.0.1\r\n"
    "CSeq: 1 REGISTER\r\n"
    "Content-Length: 0\r\n\r\n";

std::string with_header(const std::string& header) {
    std::string message = kRegisterWithoutCredentials;
    message.insert(message.find("Content-Length"), header + "\r\n");
    return message;
}

TEST(SipTriage, RequestsWithoutCredentialsAndProvisionalResponsesAreSkipped) {
    EXPECT_EQ(triage_sip_message(kRegisterWithoutCredentials), SipTriage::Skip);
    EXPECT_EQ(triage_sip_message("SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n"),
              SipTriage::Skip);
    EXPECT_EQ(triage_sip_message("SIP/2.0 183 Session Progress\r\n\r\n"), SipTriage::Skip);
    // "z" elsewhere (the Via branch, a header named like it) is not enough.
    EXPECT_EQ(triage_sip_message(with_header("X-Authorizer: zz")), SipTriage::Skip);
}

TEST(SipTriage, AnythingThatMayMatterIsParsed) {
    EXPECT_EQ(triage_sip_message(kChallenge), SipTriage::Parse);
    EXPECT_EQ(triage_sip_message("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"), SipTriage::Parse);
    EXPECT_EQ(triage_sip_message("SIP/2.0 603 Decline\r\n\r\n"), SipTriage::Parse);
    for (const char* header :
         {"Authorization: Digest username=\"100\"", "Proxy-Authorization: Digest realm=\"a\"",
          "AUTHORIZATION: Digest", "proxy-authorization:Digest", "authorizatioN : x"}) {
        const std::string message = with_header(header);
        EXPECT_EQ(triage_sip_message(message), SipTriage::Parse) << header;
        ASSERT_TRUE(parse_sip_message(message).ok());
        EXPECT_EQ(parse_sip_message(message).value.auth_headers.size(), 1u) << header;
    }
    // The word anywhere makes the message parsed (a body mentioning it costs one parse).
    std::string body_mention = kRegisterWithoutCredentials;
    body_mention += "Authorization";
    EXPECT_EQ(triage_sip_message(body_mention), SipTriage::Parse);
    // At the very start and end of what follows the start line.
    EXPECT_EQ(triage_sip_message("INVITE sip:a SIP/2.0\nauthorization"), SipTriage::Parse);
}

TEST(SipTriage, NotSipExactlyWhenTheParserRefuses) {
    for (const char* bytes : {"", "hello", "HTTP/1.1 200 OK\r\n\r\n", "SIP/2.0 99 x\r\n",
                              "INVITE sip:a SIP/2.0", "REGISTER sip:a SIP/2.0\r\n"}) {
        EXPECT_EQ(triage_sip_message(bytes) == SipTriage::NotSip, !parse_sip_message(bytes).ok())
            << bytes;
    }
    EXPECT_EQ(triage_sip_message("hello"), SipTriage::NotSip);
}

}  // namespace
}  // namespace digest
