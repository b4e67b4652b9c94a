#include "digest/weak_audit.h"

#include <gtest/gtest.h>

namespace digest {
namespace {

// REGISTER of alice in pbx.example (nonce n1, cnonce c1, nc 1, qop auth); each response was
// computed with Python hashlib for the password named in the test.
std::optional<std::string> audit(WeakAudit& audit, const std::string& response,
                                 const std::string& nonce = "n1") {
    AuditInput input;
    input.username = "alice";
    input.realm = "pbx.example";
    input.request.nonce = nonce;
    input.request.cnonce = "c1";
    input.request.nc = "00000001";
    input.request.qop = Qop::Auth;
    input.request.qop_text = "auth";
    input.request.method = "REGISTER";
    input.request.uri = "sip:pbx.example";
    input.response = response;
    return audit.audit(input);
}

TEST(WeakAudit, BuiltInRules) {
    WeakAudit weak;
    EXPECT_EQ(audit(weak, "58eb13b9fb4ea86e4fe8d7ff49ba38fd"), "password equals the username");
    WeakAudit fresh;
    EXPECT_EQ(audit(fresh, "2e50f43e0c3a02bcb88e1809973ac95c"),
              "password is the username reversed");
    EXPECT_EQ(audit(fresh, "be58363cd44206babc64296c78c3a894"), "password is empty");
    EXPECT_EQ(audit(fresh, "ccdc13d814c3404c2777603b6aa828f5"), "password is the username twice");
    const auto rule = audit(fresh, "30e0294b3b03f208c54979009718c73b");
    ASSERT_TRUE(rule);
    EXPECT_NE(rule->find("common default"), std::string::npos);
    EXPECT_EQ(rule->find("1234"), std::string::npos) << "the rule must not reveal the password";
}

TEST(WeakAudit, WordlistLineNumberNeverThePassword) {
    WeakAudit weak;
    weak.set_wordlist({"winter", "Summer2024!", "autumn"});
    const auto rule = audit(weak, "dfed37ee5fbcfc23d9f2fd9e1886068d");
    EXPECT_EQ(rule, "wordlist line 2");
}

TEST(WeakAudit, WordlistIsCappedPerRequest) {
    WeakAudit weak;
    weak.set_wordlist({"winter", "Summer2024!"});
    weak.set_max_words(1);
    EXPECT_FALSE(audit(weak, "dfed37ee5fbcfc23d9f2fd9e1886068d"));
}

TEST(WeakAudit, StrongPasswordIsNotWeakAndTheNegativeResultIsCachedPerNonce) {
    WeakAudit weak;
    EXPECT_FALSE(audit(weak, "abe4d80549916fd641b1c9a683958bd4"));
    weak.set_wordlist({"strong-unguessable"});
    EXPECT_EQ(audit(weak, "abe4d80549916fd641b1c9a683958bd4"), "wordlist line 1")
        << "a new wordlist clears the caches";
}

// The candidates' HA1s are kept per user after the first request: later requests (new nonces)
// must still find the rule, and a new wordlist cap must change the candidates.
TEST(WeakAudit, LaterRequestsOfAUserReuseTheCandidatesCorrectly) {
    WeakAudit weak;
    EXPECT_FALSE(audit(weak, "abe4d80549916fd641b1c9a683958bd4"));  // strong, n1
    EXPECT_EQ(audit(weak, "130fe0d7f5472fd73886b10e6fd97564", "n2"),
              "password equals the username");
    WeakAudit other;
    EXPECT_FALSE(audit(other, "abe4d80549916fd641b1c9a683958bd4"));
    const auto rule = audit(other, "17cfc98f8d6b0a27a3af7bafa61d3c7b", "n2");  // "1234" at n2
    ASSERT_TRUE(rule);
    EXPECT_NE(rule->find("built-in list entry 1)"), std::string::npos);
    WeakAudit capped;
    capped.set_wordlist({"winter", "Summer2024!"});
    EXPECT_EQ(audit(capped, "dfed37ee5fbcfc23d9f2fd9e1886068d"), "wordlist line 2");
    capped.set_max_words(1);
    EXPECT_FALSE(audit(capped, "dfed37ee5fbcfc23d9f2fd9e1886068d"));
}

}  // namespace
}  // namespace digest
