#include "digest/params.h"

#include <gtest/gtest.h>

namespace digest {
namespace {

TEST(Params, ParsesQuotedAndBareValuesFromARealSippHeader) {
    const auto result = parse_auth_params(
        R"(Digest username="100",realm="127.0.0.1",cnonce="6b8b4567",nc=00000001,qop=auth,)"
        R"(uri="sip:127.0.0.1:5060",nonce="awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4",)"
        R"(response="1cf3ba90145ed49843c35a5f0de1b12f",algorithm=MD5)");
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value.scheme, "Digest");
    ASSERT_EQ(result.value.params.size(), 9u);
    EXPECT_EQ(*result.value.find("nc"), "00000001");
    EXPECT_EQ(*result.value.find("uri"), "sip:127.0.0.1:5060");
    EXPECT_EQ(*result.value.find("algorithm"), "MD5");
}

TEST(Params, NamesAreCaseInsensitiveAndWhitespaceAndFoldingAllowed) {
    const auto result =
        parse_auth_params("Digest  Username = \"a\" ,\r\n REALM=\"r\",\r\n\tnonce=\"n\"");
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(*result.value.find("username"), "a");
    EXPECT_EQ(*result.value.find("realm"), "r");
    EXPECT_EQ(*result.value.find("nonce"), "n");
}

TEST(Params, BackslashEscapesInsideQuotes) {
    const auto result = parse_auth_params(R"(Digest username="a\"b\\c", realm="x,y")");
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(*result.value.find("username"), "a\"b\\c");
    EXPECT_EQ(*result.value.find("realm"), "x,y");
}

TEST(Params, EscapesAtTheEdgesOfAQuotedValue) {
    const auto closing = parse_auth_params(R"(Digest a="\"", b="x\\", c="\q\"\"")");
    ASSERT_TRUE(closing.ok()) << closing.error;
    EXPECT_EQ(*closing.value.find("a"), "\"");
    EXPECT_EQ(*closing.value.find("b"), "x\\");
    EXPECT_EQ(*closing.value.find("c"), "q\"\"");
    // A backslash as the header's last byte escapes nothing: the value never ends.
    const auto dangling = parse_auth_params("Digest realm=\"r\", nonce=\"ab\\");
    EXPECT_FALSE(dangling.ok());
    EXPECT_EQ(dangling.value.find("nonce"), nullptr);
    // An escaped quote does not close the value.
    EXPECT_FALSE(parse_auth_params("Digest nonce=\"ab\\\"").ok());
}

TEST(Params, TokensStopAtSeparatorsAndControlBytes) {
    // RFC 7230 §3.2.6: tokens hold no separators, no controls and nothing above 0x7e.
    EXPECT_FALSE(parse_auth_params("Digest re{alm=x").ok());
    EXPECT_FALSE(parse_auth_params("Digest re\x01"
                                   "alm=x")
                     .ok());
    EXPECT_FALSE(parse_auth_params("Digest re\xc3\xa9"
                                   "alm=x")
                     .ok());
    const auto bare = parse_auth_params("Digest algorithm=MD5-sess,qop=auth-int");
    ASSERT_TRUE(bare.ok()) << bare.error;
    EXPECT_EQ(*bare.value.find("algorithm"), "MD5-sess");
    EXPECT_EQ(*bare.value.find("qop"), "auth-int");
}

TEST(Params, EmptyItemsBetweenCommasAreSkipped) {
    const auto result = parse_auth_params("Digest ,, realm=\"r\",,nonce=n,");
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value.params.size(), 2u);
}

TEST(Params, UnterminatedQuoteIsAnErrorButKeepsWhatCameBefore) {
    const auto result = parse_auth_params("Digest realm=\"r\", nonce=\"abc");
    EXPECT_FALSE(result.ok());
    EXPECT_NE(result.error.find("nonce"), std::string::npos);
    ASSERT_NE(result.value.find("realm"), nullptr);
    EXPECT_EQ(result.value.find("nonce"), nullptr);
}

TEST(Params, MissingValueAndMissingCommaAreErrors) {
    EXPECT_FALSE(parse_auth_params("Digest realm").ok());
    EXPECT_FALSE(parse_auth_params("Digest realm=\"a\" nonce=\"b\"").ok());
    EXPECT_FALSE(parse_auth_params("").ok());
    EXPECT_FALSE(parse_auth_params("Digest =x").ok());
}

TEST(Params, AuthenticationInfoHasNoScheme) {
    const auto result = parse_auth_params("rspauth=\"abc\", nextnonce=\"n2\"", false);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(*result.value.find("nextnonce"), "n2");
}

TEST(Params, BinaryGarbageNeverCrashes) {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) {
        garbage.push_back(static_cast<char>((i * 131) % 256));
    }
    const auto result = parse_auth_params(garbage);
    EXPECT_FALSE(result.ok());
}

}  // namespace
}  // namespace digest
