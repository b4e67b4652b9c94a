#include "digest/verdict.h"

#include <gtest/gtest.h>

namespace digest {
namespace {

CredentialStore corpus_store() {
    // The corpus users (password = username for 100-102), see shared/corpus/users.json.
    CredentialStore store;
    for (const char* user : {"100", "101", "102"}) {
        store.add({user, "*", {Secret::Kind::Password, HashAlgorithm::Md5, user}});
    }
    return store;
}

// register-md5/qop-auth frame 3: SIPp 3.6.1 answering kamailio's challenge for user 100.
const char kSippValid[] =
    R"(Digest username="100",realm="127.0.0.1",cnonce="6b8b4567",nc=00000001,qop=auth,)"
    R"(uri="sip:127.0.0.1:5060",nonce="awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4",)"
    R"(response="1cf3ba90145ed49843c35a5f0de1b12f",algorithm=MD5)";

TEST(Verdict, RealSippRegisterIsValid) {
    const auto check = check_credentials(kSippValid, "REGISTER", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Valid) << check.reason;
    EXPECT_EQ(check.username, "100");
    EXPECT_EQ(check.realm, "127.0.0.1");
    EXPECT_EQ(check.algorithm, "MD5");
    EXPECT_EQ(check.qop, "auth");
    EXPECT_EQ(check.expected_response, "1cf3ba90145ed49843c35a5f0de1b12f");
}

TEST(Verdict, RealWrongPasswordIsInvalid) {
    // register-md5/qop-auth frame 19: user 101 tried password "wrongpass"; kamailio said 403.
    const auto check = check_credentials(
        R"(Digest username="101",realm="127.0.0.1",cnonce="74b0dc51",nc=00000001,qop=auth,)"
        R"(uri="sip:127.0.0.1:5060",nonce="awTmpmsE5Xqznb0GEKGw9DDOqbq/rknM",)"
        R"(response="ccd9ddd78eb7630379d8ae73f680b341",algorithm=MD5)",
        "REGISTER", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Invalid);
    EXPECT_EQ(check.expected_response.size(), 32u);
    EXPECT_NE(check.expected_response, "ccd9ddd78eb7630379d8ae73f680b341");
    EXPECT_EQ(check.reason.find("101:"), std::string::npos);
}

// testdata/digest/kamailio-sipsak frame 3: sipsak 0.9.8.1 sends username="1000@"; the store knows
// "1000" only. kamailio accepted it (200, frame 4).
TEST(Verdict, RealSipsakUserAtIsCheckedWithItsUserPart) {
    CredentialStore store;
    store.add({"1000", "pbx.lab.test", {Secret::Kind::Password, HashAlgorithm::Md5, "pw1000"}});
    const auto check = check_credentials(
        R"(Digest username="1000@", uri="sip:pbx.lab.test", algorithm=MD5, )"
        R"(realm="pbx.lab.test", nonce="awY+cWsGPUXLxVfYjQFlwsE+p28simJc", qop=auth, )"
        R"(nc=00000001, cnonce="68070f00", response="0807bbe3ef4d98c4dd321ea40f9463d0")",
        "REGISTER", "", store);
    EXPECT_EQ(check.verdict, Verdict::Valid) << check.reason;
    EXPECT_EQ(check.username, "1000@");
    EXPECT_EQ(check.reason,
              "response matches the credentials of 1000@ in realm pbx.lab.test (the entry of "
              "1000, hashed with the name as sent)");
}

TEST(Verdict, RealNoQopRegisterIsValid) {
    // register-md5/no-qop frame 3.
    const auto check = check_credentials(
        R"(Digest username="100",realm="127.0.0.1",uri="sip:127.0.0.1:5060",)"
        R"(nonce="awTmrmsE5YKhhrnkOGWT2e+bRbgcElyn",response="9e9688a4d4e9ae4daeae410257001259",)"
        R"(algorithm=MD5)",
        "REGISTER", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Valid) << check.reason;
    EXPECT_TRUE(check.qop.empty());
}

// sha256/qop-auth frames 18 and 26: linphone's INVITE credentials, repeated in the ACK.
const char kLinphoneInvite[] =
    R"(Digest realm="pbx.lab.test", nonce="awTm3WsE5bHxR6k5hQ/43JqbHoJTOI77", )"
    R"(algorithm=SHA-256, username="102",  uri="sip:101@pbx.lab.test", )"
    R"(response="2352805738cb15e0cd7186ca2be5d15a2284eb741eb2619c7c6ba929e05704a8", )"
    R"(cnonce="O9uC7Lc9nklTBOtV", nc=00000001, qop=auth)";

TEST(Verdict, RealLinphoneSha256Invite) {
    const auto check = check_credentials(kLinphoneInvite, "INVITE", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Valid) << check.reason;
    EXPECT_EQ(check.algorithm, "SHA-256");
}

TEST(Verdict, AckRepeatingTheInviteCredentialsIsValidAndSaysSo) {
    const auto check = check_credentials(kLinphoneInvite, "ACK", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Valid) << check.reason;
    EXPECT_NE(check.reason.find("INVITE"), std::string::npos);
    EXPECT_EQ(check.expected_response,
              "2352805738cb15e0cd7186ca2be5d15a2284eb741eb2619c7c6ba929e05704a8");
}

TEST(Verdict, ReusedInviteCredentialsOnABranchOtherThanAckOrCancelAreInvalid) {
    EXPECT_EQ(check_credentials(kLinphoneInvite, "BYE", "", corpus_store()).verdict,
              Verdict::Invalid);
}

TEST(Verdict, UnknownUserIsUnverifiableWithTheUserAndRealm) {
    const auto check = check_credentials(
        R"(Digest username="199",realm="127.0.0.1",uri="sip:x",nonce="n",response="00")",
        "REGISTER", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Unverifiable);
    EXPECT_EQ(check.reason, "no credentials for 199 in realm 127.0.0.1");
    EXPECT_TRUE(check.expected_response.empty());
}

TEST(Verdict, AkaCannotBeCheckedWithAPassword) {
    const auto check = check_credentials(
        R"(Digest username="100",realm="ims",uri="sip:x",nonce="n",response="00",)"
        R"(algorithm=AKAv1-MD5)",
        "REGISTER", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Unverifiable);
    EXPECT_NE(check.reason.find("algorithm AKAv1-MD5 cannot be checked with a password"),
              std::string::npos);
}

TEST(Verdict, AkaSchemeIsUnverifiableButStillNamesTheUserAndNonce) {
    const auto check = check_credentials(
        R"(AKAv1-MD5 username="carol@ims", realm="ims", nonce="n1", uri="sip:x", response="0")",
        "REGISTER", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Unverifiable);
    EXPECT_EQ(check.username, "carol@ims");
    EXPECT_EQ(check.nonce, "n1");
    EXPECT_NE(check.reason.find("cannot be checked with a password"), std::string::npos);
}

TEST(Verdict, BasicIsUnverifiableAndItsTokenIsNeverRepeated) {
    const auto check = check_credentials("Basic MTAwOjEwMA==", "REGISTER", "", corpus_store());
    EXPECT_EQ(check.verdict, Verdict::Unverifiable);
    EXPECT_EQ(check.reason.find("MTAw"), std::string::npos);
}

TEST(Verdict, MissingParametersAndBrokenQop) {
    const CredentialStore store = corpus_store();
    EXPECT_NE(check_credentials(R"(Digest username="100",realm="r",uri="u",nonce="n")", "REGISTER",
                                "", store)
                  .reason.find("response is missing"),
              std::string::npos);
    EXPECT_EQ(check_credentials(
                  R"(Digest username="100",realm="r",uri="u",nonce="n",response="0",qop=auth)",
                  "REGISTER", "", store)
                  .verdict,
              Verdict::Unverifiable);
    EXPECT_EQ(check_credentials(R"(Digest username="100",realm="r",uri="u",nonce="n",)"
                                R"(response="0",qop="auth,auth-int",nc=1,cnonce=c)",
                                "REGISTER", "", store)
                  .verdict,
              Verdict::Unverifiable);
    EXPECT_EQ(
        check_credentials(R"(Digest username="100", realm="r)", "REGISTER", "", store).verdict,
        Verdict::Unverifiable);
}

TEST(Verdict, UserhashRfc7616Example) {
    // RFC 7616 §3.9.2 inputs; the response is the correctly computed one (see compute_test).
    CredentialStore store;
    store.add({"J\xc3\xa4s\xc3\xb8n Doe",
               "api@example.org",
               {Secret::Kind::Password, HashAlgorithm::Md5, "Secret, or not?"}});
    const auto check = check_credentials(
        R"(Digest username="793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b",)"
        R"( realm="api@example.org", uri="/doe.json", algorithm=SHA-512-256,)"
        R"( nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", nc=00000001,)"
        R"( cnonce="NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", qop=auth,)"
        R"( response="3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5",)"
        R"( opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", userhash=true)",
        "GET", "", store);
    EXPECT_EQ(check.verdict, Verdict::Valid) << check.reason;
    EXPECT_EQ(check.username, "J\xc3\xa4s\xc3\xb8n Doe");
}

TEST(Verdict, Ha1OfTheWrongFamilyIsUnverifiableNotInvalid) {
    CredentialStore store;
    Secret secret;
    ASSERT_FALSE(parse_secret("{MD5}00000000000000000000000000000000", secret));
    store.add({"102", "pbx.lab.test", secret});
    const auto check = check_credentials(kLinphoneInvite, "INVITE", "", store);
    EXPECT_EQ(check.verdict, Verdict::Unverifiable);
    EXPECT_NE(check.reason.find("SHA-256 HA1"), std::string::npos);
}

TEST(Verdict, NoReasonEverContainsThePassword) {
    CredentialStore store;
    store.add({"100", "*", {Secret::Kind::Password, HashAlgorithm::Md5, "Pa55word!"}});
    for (const char* method : {"REGISTER", "ACK", "INVITE"}) {
        const auto check = check_credentials(kSippValid, method, "", store);
        EXPECT_EQ(check.reason.find("Pa55word!"), std::string::npos);
        EXPECT_EQ(check.expected_response.find("Pa55word!"), std::string::npos);
    }
}

}  // namespace
}  // namespace digest
