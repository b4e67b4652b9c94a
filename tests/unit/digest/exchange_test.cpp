#include "digest/exchange.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace digest {
namespace {

// Frames 2, 3 and 4 of the corpus capture register-md5/qop-auth.
const char kChallenge[] =
    "SIP/2.0 401 Unauthorized\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-22572-1-0;rport=5061;received=127.0.0.1\r\n"
    "Call-ID: 1-22572@127.0.0.1\r\n"
    "CSeq: 1 REGISTER\r\n"
    "WWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4\", "
    "qop=\"auth\"\r\n"
    "Content-Length: 0\r\n\r\n";
const char kRegister[] =
    "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-22572-1-2;rport\r\n"
    "Call-ID: 1-22572@127.0.0.1\r\n"
    "CSeq: 2 REGISTER\r\n"
    "Authorization: Digest username=\"100\",realm=\"127.0.0.1\",cnonce=\"6b8b4567\","
    "nc=00000001,qop=auth,uri=\"sip:127.0.0.1:5060\",nonce=\"awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4\","
    "response=\"1cf3ba90145ed49843c35a5f0de1b12f\",algorithm=MD5\r\n"
    "Content-Length: 0\r\n\r\n";
const char kOk[] =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-22572-1-2;rport=5061;received=127.0.0.1\r\n"
    "Call-ID: 1-22572@127.0.0.1\r\n"
    "CSeq: 2 REGISTER\r\n"
    "Content-Length: 0\r\n\r\n";

std::string with_call_id(std::string message, const std::string& call_id) {
    const std::string from = "1-22572@127.0.0.1";
    message.replace(message.find(from), from.size(), call_id);
    return message;
}

std::string forbidden() {
    std::string message = kOk;
    message.replace(0, std::string("SIP/2.0 200 OK").size(), "SIP/2.0 403 Forbidden");
    return message;
}

CredentialStore store_with(const std::string& password) {
    CredentialStore store;
    store.add({"100", "*", {Secret::Kind::Password, HashAlgorithm::Md5, password}});
    return store;
}

TEST(Exchange, LinksChallengeRequestAndAnswer) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    EXPECT_TRUE(exchange.add_message(2, kChallenge));
    EXPECT_TRUE(exchange.add_message(3, kRegister));
    EXPECT_TRUE(exchange.add_message(4, kOk));

    const std::optional<FrameResult> request = exchange.frame(3);
    ASSERT_TRUE(request.has_value());
    ASSERT_EQ(request->messages.size(), 1u);
    const CredentialResult& credentials = request->messages[0].credentials.at(0);
    EXPECT_EQ(credentials.check.verdict, Verdict::Valid);
    EXPECT_EQ(credentials.challenge_frame, 2u);
    EXPECT_EQ(credentials.answer_frame, 4u);
    EXPECT_EQ(credentials.answer_status, 200u);
    EXPECT_FALSE(credentials.server_disagrees);

    const std::optional<FrameResult> challenge = exchange.frame(2);
    ASSERT_TRUE(challenge.has_value());
    const Span<FrameNumber> responses = challenge->messages[0].challenges.at(0).response_frames();
    EXPECT_EQ(std::vector<FrameNumber>(responses.begin(), responses.end()),
              std::vector<FrameNumber>{3});
    const std::optional<FrameResult> answer = exchange.frame(4);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->messages[0].answers.at(0).request_frame, 3u);
}

TEST(Exchange, ServerAcceptingAWrongResponseDisagrees) {
    const CredentialStore store = store_with("not-100");
    Exchange exchange(store);
    exchange.add_message(2, kChallenge);
    exchange.add_message(3, kRegister);
    exchange.add_message(4, kOk);
    const CredentialResult& credentials = exchange.frame(3)->messages[0].credentials.at(0);
    EXPECT_EQ(credentials.check.verdict, Verdict::Invalid);
    EXPECT_TRUE(credentials.server_disagrees);
    EXPECT_TRUE(exchange.frame(4)->messages[0].answers.at(0).server_disagrees);
}

TEST(Exchange, ServerRejectingARightResponseDisagrees) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    exchange.add_message(2, kChallenge);
    exchange.add_message(3, kRegister);
    exchange.add_message(4, forbidden());
    const CredentialResult& credentials = exchange.frame(3)->messages[0].credentials.at(0);
    EXPECT_EQ(credentials.answer_status, 403u);
    EXPECT_TRUE(credentials.server_disagrees);
}

// Frames 6, 7 and 8 of testdata/digest/kamailio-auth-int: kamailio 5.6.3 challenging with
// qop="auth-int", refusing a right response (it cannot verify auth-int). The disagreement names
// that suspect besides the password.
TEST(Exchange, RefusedAuthIntResponseNamesTheBodyHashToo) {
    const std::string challenge =
        "SIP/2.0 401 Unauthorized\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-20786-1-0;rport=5071;received=127.0.0.1\r\n"
        "Call-ID: 1-20786@127.0.0.1\r\n"
        "CSeq: 1 REGISTER\r\n"
        "WWW-Authenticate: Digest realm=\"pbx.lab.test\", "
        "nonce=\"awY2I2sGNPebxgj/aG/lfw6WdQSeCiDk\", qop=\"auth-int\"\r\n"
        "Content-Length: 0\r\n\r\n";
    const std::string request =
        "REGISTER sip:pbx.lab.test SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-20786-1-2;rport\r\n"
        "Call-ID: 1-20786@127.0.0.1\r\n"
        "CSeq: 2 REGISTER\r\n"
        "Authorization: Digest username=\"1000\",realm=\"pbx.lab.test\",cnonce=\"6b8b4567\","
        "nc=00000001,qop=auth-int,uri=\"sip:127.0.0.1:5060\","
        "nonce=\"awY2I2sGNPebxgj/aG/lfw6WdQSeCiDk\","
        "response=\"48d4595fc2a84777f53b513a0a3b04de\",algorithm=MD5\r\n"
        "Content-Length: 0\r\n\r\n";
    const std::string refused =
        "SIP/2.0 403 Forbidden\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-20786-1-2;rport=5071;received=127.0.0.1\r\n"
        "Call-ID: 1-20786@127.0.0.1\r\n"
        "CSeq: 2 REGISTER\r\n"
        "Content-Length: 0\r\n\r\n";
    CredentialStore store;
    store.add({"1000", "pbx.lab.test", {Secret::Kind::Password, HashAlgorithm::Md5, "pw1000"}});
    Exchange exchange(store);
    exchange.add_message(6, challenge);
    exchange.add_message(7, request);
    exchange.add_message(8, refused);
    const CredentialResult& credentials = exchange.frame(7)->messages[0].credentials.at(0);
    EXPECT_EQ(credentials.check.verdict, Verdict::Valid);
    EXPECT_TRUE(credentials.server_disagrees);
    EXPECT_EQ(std::string(credentials.disagreement),
              "the server rejected (403 Forbidden) a response that matches the known "
              "credentials: its password or realm for 1000 differs from yours, or it cannot "
              "verify qop=auth-int (the body's hash), or it refuses the request for another "
              "reason than the credentials");

    // The same exchange with qop=auth has no word about the body.
    const CredentialStore corpus_store = store_with("100");
    Exchange plain(corpus_store);
    plain.add_message(2, kChallenge);
    plain.add_message(3, kRegister);
    plain.add_message(4, forbidden());
    EXPECT_EQ(std::string(plain.frame(3)->messages[0].credentials.at(0).disagreement),
              "the server rejected (403 Forbidden) a response that matches the known "
              "credentials: its password or realm for 100 differs from yours, or it refuses the "
              "request for another reason than the credentials");
}

// A message of testdata/digest/kamailio-stale (kamailio 5.6.3 with nonce_expire 2 s, SIPp user
// 1000): `start` line, top Via branch suffix, CSeq number, and an auth header line or "".
std::string stale_run_message(const std::string& start, int branch, int cseq,
                              const std::string& auth) {
    const bool response = start.rfind("SIP/2.0", 0) == 0;
    return start + "\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-32142-1-" +
           std::to_string(branch) + (response ? ";rport=5061;received=127.0.0.1" : ";rport") +
           "\r\nCall-ID: 1-32142@127.0.0.1\r\nCSeq: " + std::to_string(cseq) + " REGISTER\r\n" +
           auth + "Content-Length: 0\r\n\r\n";
}

std::string stale_run_credentials(const std::string& cnonce, const std::string& nc,
                                  const std::string& response) {
    return "Authorization: Digest username=\"1000\",realm=\"127.0.0.1\",cnonce=\"" + cnonce +
           "\",nc=" + nc +
           ",qop=auth,uri=\"sip:127.0.0.1:5060\",nonce=\"awY4RWsGOEO5297E2pLAKRUefRKbHzDJ\","
           "response=\"" +
           response + "\",algorithm=MD5\r\n";
}

std::string stale_run_challenge(const std::string& nonce) {
    return "WWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"" + nonce +
           "\", qop=\"auth\"\r\n";
}

CredentialStore stale_run_store() {
    CredentialStore store;
    store.add({"1000", "*", {Secret::Kind::Password, HashAlgorithm::Md5, "pw1000"}});
    return store;
}

// Frames 2 and 3 of that run: the challenge and the REGISTER answering it.
void add_stale_run_start(Exchange& exchange) {
    exchange.add_message(
        2, stale_run_message("SIP/2.0 401 Unauthorized", 0, 1,
                             stale_run_challenge("awY4RWsGOEO5297E2pLAKRUefRKbHzDJ")));
    exchange.add_message(
        3, stale_run_message(
               "REGISTER sip:127.0.0.1 SIP/2.0", 2, 2,
               stale_run_credentials("6b8b4567", "00000001", "ea9fe256bcb4a5898671651bcc5be0d4")));
}

// Frames 2-4, 9 and 10 of that run: the nonce was accepted (200, frame 4); 3 s later, expired,
// the same valid credentials get a new challenge without stale=true. The server refuses the
// nonce, not the password: no disagreement, and the frame that had accepted the nonce.
TEST(Exchange, NonceRetiredWithoutStaleIsNoDisagreement) {
    const CredentialStore store = stale_run_store();
    Exchange exchange(store);
    add_stale_run_start(exchange);
    exchange.add_message(4, stale_run_message("SIP/2.0 200 OK", 2, 2, ""));
    exchange.add_message(
        9, stale_run_message(
               "REGISTER sip:127.0.0.1 SIP/2.0", 5, 3,
               stale_run_credentials("643c9869", "00000002", "2e0af550a58a1f0dbc906623eb43c6aa")));
    exchange.add_message(
        10, stale_run_message("SIP/2.0 401 Unauthorized", 5, 3,
                              stale_run_challenge("awY4SGsGOEbxEN2g2GcUYN8Owjb9cHXI")));
    const CredentialResult& first = exchange.frame(3)->messages[0].credentials.at(0);
    EXPECT_EQ(first.check.verdict, Verdict::Valid);
    EXPECT_EQ(first.nonce_accepted_frame, 0u);
    const CredentialResult& again = exchange.frame(9)->messages[0].credentials.at(0);
    EXPECT_EQ(again.check.verdict, Verdict::Valid);
    EXPECT_EQ(again.answer_status, 401u);
    EXPECT_FALSE(again.server_disagrees);
    EXPECT_FALSE(again.answered_stale);
    EXPECT_EQ(again.nonce_accepted_frame, 4u);
}

// Without the earlier 200 (a server that answers a password it does not know with a new
// challenge, as Asterisk does), the same answer stays a disagreement.
TEST(Exchange, NewChallengeForAFreshNonceIsStillADisagreement) {
    const CredentialStore store = stale_run_store();
    Exchange exchange(store);
    add_stale_run_start(exchange);
    exchange.add_message(
        4, stale_run_message("SIP/2.0 401 Unauthorized", 2, 2,
                             stale_run_challenge("awY4SGsGOEbxEN2g2GcUYN8Owjb9cHXI")));
    const CredentialResult& credentials = exchange.frame(3)->messages[0].credentials.at(0);
    EXPECT_EQ(credentials.check.verdict, Verdict::Valid);
    EXPECT_TRUE(credentials.server_disagrees);
    EXPECT_EQ(credentials.nonce_accepted_frame, 0u);
}

// A new challenge for a fresh nonce is how a server says the credentials failed: no other
// suspect is named.
TEST(Exchange, RechallengedValidResponseNamesThePasswordOnly) {
    const CredentialStore store = stale_run_store();
    Exchange exchange(store);
    add_stale_run_start(exchange);
    exchange.add_message(
        4, stale_run_message("SIP/2.0 401 Unauthorized", 2, 2,
                             stale_run_challenge("awY4SGsGOEbxEN2g2GcUYN8Owjb9cHXI")));
    EXPECT_EQ(std::string(exchange.frame(3)->messages[0].credentials.at(0).disagreement),
              "the server rejected (401 Unauthorized) a response that matches the known "
              "credentials: its password or realm for 1000 differs from yours");
}

// A message of testdata/digest/kamailio-nonce-count (kamailio 5.6.3 with nonce_count=1, user
// 1000 of replay_client.py): `start` line, top Via branch, CSeq number, and an auth header line
// or "".
std::string nc_run_message(const std::string& start, const std::string& branch, int cseq,
                           const std::string& auth) {
    const bool response = start.rfind("SIP/2.0", 0) == 0;
    return start + "\r\nVia: SIP/2.0/UDP 127.0.0.1:37909;branch=z9hG4bK" + branch +
           (response ? ";rport=37909;received=127.0.0.1" : ";rport") +
           "\r\nCall-ID: nc-1000-751b5aba\r\nCSeq: " + std::to_string(cseq) + " REGISTER\r\n" +
           auth + "Content-Length: 0\r\n\r\n";
}

constexpr const char* kNcRunNonce = "awZWgGsGVVTdyAjdWgvC250+/h/tvk70MLxKBYA=";

std::string nc_run_credentials(const std::string& nc, const std::string& response) {
    return std::string(
               "Authorization: Digest username=\"1000\", realm=\"pbx.lab.test\", nonce=\"") +
           kNcRunNonce + "\", uri=\"sip:pbx.lab.test\", response=\"" + response +
           "\", algorithm=MD5, qop=auth, nc=" + nc + ", cnonce=\"b744b91e\"\r\n";
}

std::string nc_run_challenge(const std::string& nonce) {
    return "WWW-Authenticate: Digest realm=\"pbx.lab.test\", nonce=\"" + nonce +
           "\", qop=\"auth\"\r\n";
}

std::string nc_run_second_credentials() {
    return nc_run_credentials("00000002", "ae38bad2286ae2ed60a89b6e5a927da6");
}

// Frames 2-5 of that run: the challenge, nc=1 (answered 200), then nc=2 with the same nonce and
// cnonce.
void add_nc_run_start(Exchange& exchange) {
    exchange.add_message(2, nc_run_message("SIP/2.0 401 Unauthorized", "7a03f5abc884cb46", 1,
                                           nc_run_challenge(kNcRunNonce)));
    exchange.add_message(
        3, nc_run_message("REGISTER sip:pbx.lab.test SIP/2.0", "d48bba10a73bed52", 2,
                          nc_run_credentials("00000001", "ca547b5292bdd414495a34a076955f28")));
    exchange.add_message(4, nc_run_message("SIP/2.0 200 OK", "d48bba10a73bed52", 2, ""));
    exchange.add_message(5, nc_run_message("REGISTER sip:pbx.lab.test SIP/2.0", "b1e3f6b7de584a68",
                                           3, nc_run_second_credentials()));
}

// Frames 2-7: nc=2 accepted (frame 6), then frame 5's request sent again with a new branch and
// CSeq: the same nonce, cnonce and nc=2, a replay.
void add_nc_run_until_replay(Exchange& exchange) {
    add_nc_run_start(exchange);
    exchange.add_message(6, nc_run_message("SIP/2.0 200 OK", "b1e3f6b7de584a68", 3, ""));
    exchange.add_message(7, nc_run_message("REGISTER sip:pbx.lab.test SIP/2.0", "ed97cf99cc9c4c20",
                                           4, nc_run_second_credentials()));
}

CredentialStore nc_run_store() {
    CredentialStore store;
    store.add({"1000", "pbx.lab.test", {Secret::Kind::Password, HashAlgorithm::Md5, "pw1000"}});
    return store;
}

// kamailio refuses the replay with a new challenge (frame 8, no stale=true): the nc explains
// it, so neither a disagreement nor a retired nonce.
TEST(Exchange, RefusedReplayIsNoDisagreement) {
    const CredentialStore store = nc_run_store();
    Exchange exchange(store);
    add_nc_run_until_replay(exchange);
    exchange.add_message(
        8, nc_run_message("SIP/2.0 401 Unauthorized", "ed97cf99cc9c4c20", 4,
                          nc_run_challenge("awZWgGsGVVQ9+A7IDrEpH66OABNNh707MLxLBoA=")));
    const CredentialResult& replay = exchange.frame(7)->messages[0].credentials.at(0);
    EXPECT_EQ(replay.check.verdict, Verdict::Valid);
    EXPECT_TRUE(replay.replay);
    EXPECT_EQ(replay.answer_status, 401u);
    EXPECT_FALSE(replay.server_disagrees);
    EXPECT_EQ(replay.nonce_accepted_frame, 0u);
}

// A server that answers a replay with 403 is right too.
TEST(Exchange, ReplayRefusedWith403IsNoDisagreement) {
    const CredentialStore store = nc_run_store();
    Exchange exchange(store);
    add_nc_run_until_replay(exchange);
    exchange.add_message(8, nc_run_message("SIP/2.0 403 Forbidden", "ed97cf99cc9c4c20", 4, ""));
    const CredentialResult& replay = exchange.frame(7)->messages[0].credentials.at(0);
    EXPECT_TRUE(replay.replay);
    EXPECT_EQ(replay.answer_status, 403u);
    EXPECT_FALSE(replay.server_disagrees);
}

// The same valid response with a rising nc refused with 403 stays a disagreement.
TEST(Exchange, RisingNonceCountRefusedIsStillADisagreement) {
    const CredentialStore store = nc_run_store();
    Exchange exchange(store);
    add_nc_run_start(exchange);
    exchange.add_message(6, nc_run_message("SIP/2.0 403 Forbidden", "b1e3f6b7de584a68", 3, ""));
    const CredentialResult& rising = exchange.frame(5)->messages[0].credentials.at(0);
    EXPECT_FALSE(rising.nc_not_increasing);
    EXPECT_TRUE(rising.server_disagrees);
}

TEST(Exchange, RejectingAWrongResponseIsAgreement) {
    const CredentialStore store = store_with("not-100");
    Exchange exchange(store);
    exchange.add_message(3, kRegister);
    exchange.add_message(4, forbidden());
    EXPECT_FALSE(exchange.frame(3)->messages[0].credentials.at(0).server_disagrees);
}

TEST(Exchange, NonceNeverChallengedHasNoChallengeFrame) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    exchange.add_message(3, kRegister);
    EXPECT_EQ(exchange.frame(3)->messages[0].credentials.at(0).challenge_frame, 0u);
}

TEST(Exchange, PrefersTheChallengeOfTheSameCallOverALaterOne) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    exchange.add_message(2, kChallenge);
    exchange.add_message(5, with_call_id(kChallenge, "other-call"));
    exchange.add_message(6, kRegister);
    EXPECT_EQ(exchange.frame(6)->messages[0].credentials.at(0).challenge_frame, 2u);
    exchange.add_message(7, with_call_id(kRegister, "third-call"));
    EXPECT_EQ(exchange.frame(7)->messages[0].credentials.at(0).challenge_frame, 5u);
}

std::string with_nonce(std::string message, const std::string& nonce) {
    const std::string from = "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4";
    message.replace(message.find(from), from.size(), nonce);
    return message;
}

// A call remembers its last four distinct nonces; a request using an older one of its call is
// linked to the latest challenge of that nonce anywhere (README, Limits).
TEST(Exchange, ACallRemembersTheChallengesOfItsLastFourNonces) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    exchange.add_message(2, kChallenge);
    exchange.add_message(3, with_call_id(kChallenge, "other-call"));
    for (FrameNumber frame = 4; frame <= 6; ++frame) {
        exchange.add_message(frame, with_nonce(kChallenge, "n" + std::to_string(frame)));
    }
    exchange.add_message(10, kRegister);  // its call's nonces: the first and three more
    EXPECT_EQ(exchange.frame(10)->messages[0].credentials.at(0).challenge_frame, 2u);
    exchange.add_message(11, with_nonce(kChallenge, "n11"));  // the first one drops out
    exchange.add_message(12, kRegister);
    EXPECT_EQ(exchange.frame(12)->messages[0].credentials.at(0).challenge_frame, 3u);
}

TEST(Exchange, SeveralMessagesInOneFrameAsOverTcp) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    exchange.add_message(9, kChallenge);
    exchange.add_message(9, kRegister);
    exchange.add_message(9, kOk);
    const std::optional<FrameResult> frame = exchange.frame(9);
    ASSERT_TRUE(frame.has_value());
    ASSERT_EQ(frame->messages.size(), 3u);
    EXPECT_EQ(frame->messages[1].credentials.at(0).challenge_frame, 9u);
    EXPECT_EQ(frame->messages[1].credentials.at(0).answer_frame, 9u);
}

TEST(Exchange, ProvisionalResponsesAreNotAnswersAndRetransmissionsShareTheAnswer) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    std::string trying = kOk;
    trying.replace(0, std::string("SIP/2.0 200 OK").size(), "SIP/2.0 100 Trying");
    exchange.add_message(3, kRegister);
    exchange.add_message(4, kRegister);
    exchange.add_message(5, trying);
    exchange.add_message(6, kOk);
    EXPECT_EQ(exchange.frame(3)->messages[0].credentials.at(0).answer_frame, 6u);
    EXPECT_EQ(exchange.frame(4)->messages[0].credentials.at(0).answer_frame, 6u);
    EXPECT_FALSE(exchange.frame(5).has_value());
}

// An INVITE with qop=auth-int over an SDP body, and the ACK that repeats its credentials. The
// response is the MD5/auth-int value of compute_test (computed with Python hashlib).
std::string invite_or_ack(const std::string& method, const std::string& body) {
    return method +
           " sip:bob@pbx.example SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK" +
           (method == "ACK" ? "ack" : "inv") +
           "\r\n"
           "Call-ID: call-1\r\n"
           "CSeq: 5 " +
           method +
           "\r\n"
           "Proxy-Authorization: Digest username=\"alice\", realm=\"pbx.example\", "
           "nonce=\"abc123nonce\", uri=\"sip:bob@pbx.example\", qop=auth-int, nc=00000002, "
           "cnonce=\"0a4f113b\", response=\"f0b2a48b37ddde22ad65a5bc1a6ca7cd\"\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(Exchange, AckRepeatingAuthIntInviteCredentialsTakesTheInviteVerdict) {
    CredentialStore store;
    store.add({"alice", "pbx.example", {Secret::Kind::Password, HashAlgorithm::Md5, "s3cr:et"}});
    Exchange exchange(store);
    exchange.add_message(10, invite_or_ack("INVITE", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"));
    exchange.add_message(12, invite_or_ack("ACK", ""));
    EXPECT_EQ(exchange.frame(10)->messages[0].credentials.at(0).check.verdict, Verdict::Valid);
    const KeptCheck& ack = exchange.frame(12)->messages[0].credentials.at(0).check;
    EXPECT_EQ(ack.verdict, Verdict::Valid) << ack.reason;
    EXPECT_NE(ack.reason.view().find("INVITE in frame 10"), std::string::npos) << ack.reason;
}

TEST(Exchange, AckWithoutItsInviteInTheCaptureStaysInvalidForAuthInt) {
    CredentialStore store;
    store.add({"alice", "pbx.example", {Secret::Kind::Password, HashAlgorithm::Md5, "s3cr:et"}});
    Exchange exchange(store);
    exchange.add_message(12, invite_or_ack("ACK", ""));
    EXPECT_EQ(exchange.frame(12)->messages[0].credentials.at(0).check.verdict, Verdict::Invalid);
}

// REGISTERs of alice (pbx.example, "s3cr:et"); responses computed with Python hashlib.
std::string alice_register(const std::string& branch, const std::string& nonce,
                           const std::string& nc, const std::string& response,
                           const std::string& extra = "") {
    return "REGISTER sip:pbx.example SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 10.0.0.1;branch=" +
           branch +
           "\r\n"
           "Call-ID: reg-1\r\n"
           "CSeq: " +
           branch.substr(branch.size() - 1) +
           " REGISTER\r\n"
           "Authorization: Digest username=\"alice\", realm=\"pbx.example\", nonce=\"" +
           nonce + "\", uri=\"sip:pbx.example\", qop=auth, nc=" + nc +
           ", cnonce=\"c1\", response=\"" + response + "\"" + extra +
           "\r\n"
           "Content-Length: 0\r\n\r\n";
}

std::string reply(const std::string& status, const std::string& branch,
                  const std::string& extra_header) {
    return "SIP/2.0 " + status +
           "\r\n"
           "Via: SIP/2.0/UDP 10.0.0.1;branch=" +
           branch +
           "\r\n"
           "Call-ID: reg-1\r\n"
           "CSeq: " +
           branch.substr(branch.size() - 1) + " REGISTER\r\n" + extra_header +
           "Content-Length: 0\r\n\r\n";
}

CredentialStore alice_store() {
    CredentialStore store;
    store.add({"alice", "pbx.example", {Secret::Kind::Password, HashAlgorithm::Md5, "s3cr:et"}});
    return store;
}

const CredentialResult& only_credentials(const Exchange& exchange, FrameNumber frame) {
    return exchange.frame(frame)->messages.at(0).credentials.at(0);
}

TEST(Exchange, NonceCountReplayAndDecreaseButNotRetransmission) {
    const CredentialStore store = alice_store();
    Exchange exchange(store);
    exchange.add_message(1, reply("401 Unauthorized", "z9hG4bK0",
                                  "WWW-Authenticate: Digest realm=\"pbx.example\", "
                                  "nonce=\"n1\", qop=\"auth\"\r\n"));
    exchange.add_message(
        2, alice_register("z9hG4bK1", "n1", "00000001", "db3897247a8b71e218892c7985162894"));
    exchange.add_message(
        3, alice_register("z9hG4bK1", "n1", "00000001", "db3897247a8b71e218892c7985162894"));
    exchange.add_message(
        4, alice_register("z9hG4bK2", "n1", "00000002", "75ddacf8b46daabc660acb7d8721384c"));
    exchange.add_message(
        5, alice_register("z9hG4bK3", "n1", "00000001", "db3897247a8b71e218892c7985162894"));
    EXPECT_FALSE(only_credentials(exchange, 3).replay);  // retransmission of frame 2
    EXPECT_FALSE(only_credentials(exchange, 4).replay);
    EXPECT_FALSE(only_credentials(exchange, 4).nc_not_increasing);
    EXPECT_TRUE(only_credentials(exchange, 5).replay);
    EXPECT_TRUE(only_credentials(exchange, 5).nc_not_increasing);
}

// Alice's REGISTER with nonce n1 and count `nc`, in transaction `branch` (its CSeq is the
// branch's last character); the response value does not matter to the nonce-count checks.
void add_register_with_nc(Exchange& exchange, FrameNumber frame, const std::string& branch,
                          const std::string& nc) {
    exchange.add_message(frame,
                         alice_register(branch, "n1", nc, "db3897247a8b71e218892c7985162894"));
}

// nc is a hexadecimal number (RFC 7616 §3.4): 3 and 00000003 are the same count.
TEST(Exchange, NonceCountsCompareAsNumbers) {
    const CredentialStore store = alice_store();
    Exchange exchange(store);
    add_register_with_nc(exchange, 2, "z9hG4bK1", "00000003");
    add_register_with_nc(exchange, 3, "z9hG4bK2", "0000000a");
    add_register_with_nc(exchange, 4, "z9hG4bK3", "3");
    add_register_with_nc(exchange, 5, "z9hG4bK4", "00000005");
    EXPECT_FALSE(only_credentials(exchange, 3).nc_not_increasing);  // 0xa > 3
    EXPECT_TRUE(only_credentials(exchange, 4).replay);
    EXPECT_FALSE(only_credentials(exchange, 5).replay);  // never used, but below 0xa
    EXPECT_TRUE(only_credentials(exchange, 5).nc_not_increasing);
}

TEST(Exchange, ACopyForwardedByAProxyIsNotAReplay) {
    const CredentialStore store = alice_store();
    Exchange exchange(store);
    exchange.add_message(
        2, alice_register("z9hG4bK1", "n1", "00000001", "db3897247a8b71e218892c7985162894"));
    // The proxy's copy of the same request: its own top Via branch, the same CSeq.
    exchange.add_message(
        3, alice_register("z9hG4bKproxy1", "n1", "00000001", "db3897247a8b71e218892c7985162894"));
    EXPECT_FALSE(only_credentials(exchange, 3).replay);
    EXPECT_FALSE(only_credentials(exchange, 3).nc_not_increasing);
}

TEST(Exchange, StaleAnswerRetiresTheNonce) {
    const CredentialStore store = alice_store();
    Exchange exchange(store);
    exchange.add_message(
        2, alice_register("z9hG4bK1", "n1", "00000001", "db3897247a8b71e218892c7985162894"));
    exchange.add_message(3, reply("401 Unauthorized", "z9hG4bK1",
                                  "WWW-Authenticate: Digest realm=\"pbx.example\", "
                                  "nonce=\"n2\", qop=\"auth\", stale=true\r\n"));
    exchange.add_message(
        4, alice_register("z9hG4bK2", "n1", "00000002", "75ddacf8b46daabc660acb7d8721384c"));
    const CredentialResult& first = only_credentials(exchange, 2);
    EXPECT_TRUE(first.answered_stale);
    EXPECT_FALSE(first.server_disagrees);
    EXPECT_EQ(only_credentials(exchange, 4).stale_nonce_frame, 3u);
}

TEST(Exchange, OpaqueMustBeEchoed) {
    const CredentialStore store = alice_store();
    Exchange exchange(store);
    exchange.add_message(1, reply("401 Unauthorized", "z9hG4bK0",
                                  "WWW-Authenticate: Digest realm=\"pbx.example\", "
                                  "nonce=\"n1\", qop=\"auth\", opaque=\"op1\"\r\n"));
    exchange.add_message(2, alice_register("z9hG4bK1", "n1", "00000001",
                                           "db3897247a8b71e218892c7985162894", ", opaque=\"op1\""));
    exchange.add_message(
        3, alice_register("z9hG4bK2", "n1", "00000002", "75ddacf8b46daabc660acb7d8721384c"));
    EXPECT_FALSE(only_credentials(exchange, 2).opaque_mismatch);
    EXPECT_TRUE(only_credentials(exchange, 3).opaque_mismatch);
}

TEST(Exchange, RspauthIsVerifiedAndNextnonceFollowed) {
    const CredentialStore store = alice_store();
    Exchange exchange(store);
    exchange.add_message(
        2, alice_register("z9hG4bK1", "n1", "00000001", "db3897247a8b71e218892c7985162894"));
    exchange.add_message(3,
                         reply("200 OK", "z9hG4bK1",
                               "Authentication-Info: rspauth=\"ad8a2a887de291230fdd4b93cbf0f61b\", "
                               "cnonce=\"c1\", nc=00000001, qop=auth, nextnonce=\"n2\"\r\n"));
    exchange.add_message(
        4, alice_register("z9hG4bK2", "n2", "00000001", "a202f12e4cef85bca07104068373fb94"));
    exchange.add_message(
        5, reply("200 OK", "z9hG4bK2",
                 "Authentication-Info: rspauth=\"00000000000000000000000000000000\"\r\n"));
    EXPECT_EQ(exchange.frame(3)->messages.at(0).rspauth, RspauthVerdict::Valid);
    const CredentialResult& next = only_credentials(exchange, 4);
    EXPECT_EQ(next.check.verdict, Verdict::Valid);
    EXPECT_EQ(next.challenge_frame, 3u);
    EXPECT_EQ(exchange.frame(5)->messages.at(0).rspauth, RspauthVerdict::Invalid);
}

TEST(Exchange, NonSipAndResetLeaveNothing) {
    const CredentialStore store = store_with("100");
    Exchange exchange(store);
    EXPECT_FALSE(exchange.add_message(1, "\x01\x02garbage"));
    exchange.add_message(3, kRegister);
    exchange.reset();
    EXPECT_FALSE(exchange.frame(3).has_value());
}

}  // namespace
}  // namespace digest
