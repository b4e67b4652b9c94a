#include "digest/diagnosis.h"

#include <gtest/gtest.h>

namespace digest {
namespace {

// alice / pbx.example / "s3cr:et"; every response below was computed with Python hashlib from
// the same inputs with exactly one client mistake applied (see each test).
class Diagnosis : public ::testing::Test {
  protected:
    Diagnosis() {
        store_.add({"alice", "*", {Secret::Kind::Password, HashAlgorithm::Md5, "s3cr:et"}});
    }

    Cause run(const std::string& response, const std::string& extra = "",
              std::string_view method = "REGISTER", std::string_view realm = "pbx.example") {
        header_ = "Digest username=\"alice\", realm=\"" + std::string(realm) +
                  "\", nonce=\"n-new\", uri=\"sip:pbx.example:5060\", qop=auth, nc=00000001, "
                  "cnonce=\"c1\", response=\"" +
                  response + "\"" + extra;
        DiagnosisInput input;
        input.header_value = header_;
        input.method = method;
        input.request_uri = "sip:pbx.example";
        input.username = "alice";
        input.store = &store_;
        input.nonce = nonce_;
        return diagnose(input);
    }

    CredentialStore store_;
    NonceContext nonce_{true, "pbx.example", "auth", {}};
    std::string header_;
};

TEST_F(Diagnosis, ClientHashedTheRequestUri) {
    const Cause cause = run("960f3aead04fb286f4542845d5f1dcb0");
    EXPECT_EQ(cause.key, "uri-mismatch");
    EXPECT_NE(cause.sentence.find("Request-URI sip:pbx.example,"), std::string::npos);
}

TEST_F(Diagnosis, ClientHashedTheChallengeRealmButSentAnother) {
    const Cause cause = run("ea0a8c58e5721ef803b706bb63a2daae", "", "REGISTER", "other.example");
    EXPECT_EQ(cause.key, "realm-mismatch");
    EXPECT_NE(cause.sentence.find("hashed realm \"pbx.example\""), std::string::npos);
}

TEST_F(Diagnosis, AnsweringWithAnotherRealmIsNamedEvenWhenNothingReproducesIt) {
    const Cause cause = run("096f3ceb8491860dd3a27277ebdf64ef", "", "REGISTER", "other.example");
    EXPECT_EQ(cause.key, "realm-mismatch");
    EXPECT_NE(cause.sentence.find("not the challenge's realm"), std::string::npos);
}

TEST_F(Diagnosis, ByeHashedWithMethodInvite) {
    const Cause cause = run("e5a9bdc338b9ea1f302561c218a2aa33", "", "BYE");
    EXPECT_EQ(cause.key, "method-mismatch");
    EXPECT_NE(cause.sentence.find("method INVITE for this BYE"), std::string::npos);
}

TEST_F(Diagnosis, WholeQopListHashed) {
    nonce_.challenge_qop = "auth,auth-int";
    EXPECT_EQ(run("0bf8de492ead6f917733dfac5c90fc3d").key, "qop-list");
}

TEST_F(Diagnosis, QopSentButIgnoredInTheHash) {
    EXPECT_EQ(run("755f693caa6b846ae0e0ec7bb9da1925").key, "qop-ignored");
}

TEST_F(Diagnosis, NcHashedWithItsQuotes) {
    EXPECT_EQ(run("2f5430571ae43c86ad6a84c84efeede0").key, "nc-quoted");
}

TEST_F(Diagnosis, DeclaredMd5ButHashedSha256) {
    const Cause cause =
        run("00f7e5512330869fff9ea3d36732555f5ef81384ffdc9d41d3e3c651831f24d2", ", algorithm=MD5");
    EXPECT_EQ(cause.key, "algorithm-mismatch");
    EXPECT_NE(cause.sentence.find("SHA-256"), std::string::npos);
}

TEST_F(Diagnosis, OlderNonceOfTheCallHashed) {
    nonce_.older_nonces = {"n-new", "n-old"};
    const Cause cause = run("bb3997b537705e4d1a1342b613a0c718");
    EXPECT_EQ(cause.key, "stale-nonce");
    EXPECT_NE(cause.sentence.find("n-old"), std::string::npos);
}

TEST_F(Diagnosis, WrongPasswordWhenNothingFits) {
    const Cause cause = run("096f3ceb8491860dd3a27277ebdf64ef");
    EXPECT_EQ(cause.key, "wrong-password");
    EXPECT_EQ(cause.sentence.find("nope"), std::string::npos);
    EXPECT_EQ(cause.sentence.find("s3cr:et"), std::string::npos);
}

TEST_F(Diagnosis, ForeignNonceWhenNothingFitsAndTheNonceWasNeverIssued) {
    nonce_ = NonceContext{};
    EXPECT_EQ(run("096f3ceb8491860dd3a27277ebdf64ef").key, "foreign-nonce");
}

}  // namespace
}  // namespace digest
