#include "digest/credentials.h"

#include <gtest/gtest.h>

#include "digest/compute.h"

namespace digest {
namespace {

TEST(Credentials, PasswordIsEverythingAfterTheSecondColon) {
    const auto parsed = parse_credentials("alice:pbx.example:s3cr:et\n", CredentialFormat::Native);
    ASSERT_TRUE(parsed.errors.empty());
    ASSERT_EQ(parsed.entries.size(), 1u);
    EXPECT_EQ(parsed.entries[0].secret.kind, Secret::Kind::Password);
    EXPECT_EQ(parsed.entries[0].secret.value, "s3cr:et");
}

TEST(Credentials, CommentsBlankLinesAndCrlfAreIgnored) {
    const auto parsed = parse_credentials("# users\r\n\r\n   \n  # indented\r\n100:*:100\r\n",
                                          CredentialFormat::Native);
    EXPECT_TRUE(parsed.errors.empty());
    ASSERT_EQ(parsed.entries.size(), 1u);
    EXPECT_EQ(parsed.entries[0].secret.value, "100");
}

TEST(Credentials, BadLinesAreReportedWithTheirNumberAndGoodOnesKept) {
    const auto parsed = parse_credentials(
        "100:*:100\nnocolon\n:r:pw\nu::pw\n101:*:{MD5}8c2b08f5f3e777a1de6010b5053cdec6\n"
        "102:r:{SHA-256}xyz\n103:r:ok\n",
        CredentialFormat::Native);
    ASSERT_EQ(parsed.entries.size(), 2u);
    EXPECT_EQ(parsed.entries[1].username, "103");
    ASSERT_EQ(parsed.errors.size(), 5u);
    EXPECT_EQ(parsed.errors[0].line, 2u);
    EXPECT_EQ(parsed.errors[1].line, 3u);
    EXPECT_EQ(parsed.errors[2].line, 4u);
    EXPECT_EQ(parsed.errors[3].line, 5u);
    EXPECT_NE(parsed.errors[3].reason.find("realm *"), std::string::npos);
    EXPECT_EQ(parsed.errors[4].line, 6u);
    EXPECT_NE(parsed.errors[4].reason.find("64 hex"), std::string::npos);
}

TEST(Credentials, ErrorsNeverContainTheSecret) {
    const auto parsed = parse_credentials(":realm:TopSecretPassword\nu:*:{MD5}TopSecret\n",
                                          CredentialFormat::Native);
    ASSERT_EQ(parsed.errors.size(), 2u);
    for (const auto& error : parsed.errors) {
        EXPECT_EQ(error.reason.find("TopSecret"), std::string::npos) << error.reason;
    }
}

TEST(Credentials, HtdigestLinesAreMd5Ha1s) {
    // htdigest -c file pbx.example alice, password s3cr:et (HA1 computed with Python hashlib).
    const auto parsed = parse_credentials(
        "alice:pbx.example:8c2b08f5f3e777a1de6010b5053cdec6\n"
        "bob:pbx.example:plaintext\n",
        CredentialFormat::Htdigest);
    ASSERT_EQ(parsed.entries.size(), 1u);
    EXPECT_EQ(parsed.entries[0].secret.kind, Secret::Kind::Ha1);
    EXPECT_EQ(parsed.entries[0].secret.ha1_hash, HashAlgorithm::Md5);
    ASSERT_EQ(parsed.errors.size(), 1u);
    EXPECT_EQ(parsed.errors[0].line, 2u);
}

TEST(Credentials, ExactRealmBeatsWildcard) {
    CredentialStore store;
    store.add({"alice", "*", {Secret::Kind::Password, HashAlgorithm::Md5, "wild"}});
    store.add({"alice", "pbx.example", {Secret::Kind::Password, HashAlgorithm::Md5, "exact"}});
    const Ha1Lookup exact = store.ha1("alice", "pbx.example", HashAlgorithm::Md5);
    ASSERT_EQ(exact.status, Lookup::Found);
    EXPECT_EQ(exact.ha1, password_ha1(HashAlgorithm::Md5, "alice", "pbx.example", "exact"));
    const Ha1Lookup other = store.ha1("alice", "other.example", HashAlgorithm::Md5);
    EXPECT_EQ(other.ha1, password_ha1(HashAlgorithm::Md5, "alice", "other.example", "wild"));
    EXPECT_EQ(store.ha1("bob", "pbx.example", HashAlgorithm::Md5).status, Lookup::UnknownUser);
    EXPECT_EQ(store.ha1("alice", "pbx.example", HashAlgorithm::Md5).status, Lookup::Found);
}

TEST(Credentials, Ha1OnlyServesItsOwnHashFamily) {
    CredentialStore store;
    Secret secret;
    ASSERT_FALSE(parse_secret("{MD5}8C2B08F5F3E777A1DE6010B5053CDEC6", secret));
    store.add({"alice", "pbx.example", secret});
    const Ha1Lookup md5 = store.ha1("alice", "pbx.example", HashAlgorithm::Md5);
    ASSERT_EQ(md5.status, Lookup::Found);
    EXPECT_EQ(md5.ha1, "8c2b08f5f3e777a1de6010b5053cdec6");
    EXPECT_EQ(store.ha1("alice", "pbx.example", HashAlgorithm::Sha256).status,
              Lookup::WrongHashFamily);
    EXPECT_EQ(store.ha1("alice", "elsewhere", HashAlgorithm::Md5).status, Lookup::UnknownUser);
}

// sipsak 0.9.8 sends username="1000@" (testdata/digest/kamailio-sipsak), others user@domain;
// kamailio looks such a name up by its user part. HA1 values from Python hashlib:
// md5(b"1000@:pbx.lab.test:pw1000"), md5(b"1000@pbx.lab.test:pbx.lab.test:pw1000").
TEST(Credentials, UserAtDomainFallsBackOnTheUserPartsPassword) {
    CredentialStore store;
    store.add({"1000", "*", {Secret::Kind::Password, HashAlgorithm::Md5, "pw1000"}});
    Secret ha1;
    ASSERT_FALSE(parse_secret("{MD5}8C2B08F5F3E777A1DE6010B5053CDEC6", ha1));
    store.add({"2000", "pbx.lab.test", ha1});
    const Ha1Lookup bare = store.ha1("1000@", "pbx.lab.test", HashAlgorithm::Md5);
    ASSERT_EQ(bare.status, Lookup::Found);
    EXPECT_EQ(bare.ha1, "d67875578c3a3e910f786ea0cab305e9");
    const Ha1Lookup full = store.ha1("1000@pbx.lab.test", "pbx.lab.test", HashAlgorithm::Md5);
    ASSERT_EQ(full.status, Lookup::Found);
    EXPECT_EQ(full.ha1, "401fc4b805aa170435b810e439e1589c");
    // An HA1 was made with the bare name: it cannot serve another one.
    EXPECT_EQ(store.ha1("2000@", "pbx.lab.test", HashAlgorithm::Md5).status, Lookup::UnknownUser);
    EXPECT_EQ(store.ha1("@1000", "pbx.lab.test", HashAlgorithm::Md5).status, Lookup::UnknownUser);
    EXPECT_EQ(store.ha1("1001@", "pbx.lab.test", HashAlgorithm::Md5).status, Lookup::UnknownUser);
}

TEST(Credentials, UserhashFindsTheUser) {
    CredentialStore store;
    store.add({"J\xc3\xa4s\xc3\xb8n Doe",
               "api@example.org",
               {Secret::Kind::Password, HashAlgorithm::Md5, "Secret, or not?"}});
    store.add({"other", "*", {Secret::Kind::Password, HashAlgorithm::Md5, "x"}});
    // RFC 7616 §3.9.2's userhash value.
    const auto user = store.username_for_userhash(
        "793263CAABB707A56211940D90411EA4A575ADECCB7E360AEB624ED06ECE9B0B", "api@example.org",
        HashAlgorithm::Sha512_256);
    ASSERT_TRUE(user);
    EXPECT_EQ(*user, "J\xc3\xa4s\xc3\xb8n Doe");
    EXPECT_FALSE(store.username_for_userhash("00", "api@example.org", HashAlgorithm::Sha512_256));
}

TEST(Credentials, CheckEntryRejectsIncompleteRows) {
    EXPECT_TRUE(check_entry({"", "r", {}}));
    EXPECT_TRUE(check_entry({"u", "", {}}));
    EXPECT_FALSE(check_entry({"u", "*", {}}));
}

}  // namespace
}  // namespace digest
