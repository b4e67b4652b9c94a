#include "digest/compute.h"

#include <gtest/gtest.h>

namespace digest {
namespace {

ResponseInput rfc7616_input(const std::string& ha1, Algorithm algorithm) {
    ResponseInput in;
    in.algorithm = algorithm;
    in.ha1 = ha1;
    in.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    in.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    in.nc = "00000001";
    in.qop = Qop::Auth;
    in.qop_text = "auth";
    in.method = "GET";
    in.uri = "/dir/index.html";
    return in;
}

TEST(Compute, Rfc2617Section3_5Example) {
    const std::string ha1 =
        password_ha1(HashAlgorithm::Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");
    ResponseInput in;
    in.ha1 = ha1;
    in.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    in.cnonce = "0a4f113b";
    in.nc = "00000001";
    in.qop = Qop::Auth;
    in.qop_text = "auth";
    in.method = "GET";
    in.uri = "/dir/index.html";
    EXPECT_EQ(expected_response(in), "6629fae49393a05397450978507c4ef1");
}

TEST(Compute, Rfc7616Section3_9_1Md5) {
    const std::string ha1 =
        password_ha1(HashAlgorithm::Md5, "Mufasa", "http-auth@example.org", "Circle of Life");
    EXPECT_EQ(expected_response(rfc7616_input(ha1, {HashAlgorithm::Md5, false})),
              "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(Compute, Rfc7616Section3_9_1Sha256) {
    const std::string ha1 =
        password_ha1(HashAlgorithm::Sha256, "Mufasa", "http-auth@example.org", "Circle of Life");
    EXPECT_EQ(expected_response(rfc7616_input(ha1, {HashAlgorithm::Sha256, false})),
              "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

// RFC 7616 §3.9.2 (SHA-512-256 with userhash). The RFC's response value is known to be wrong
// (errata); the expected values here were computed with Python's hashlib (OpenSSL), not
// libgcrypt: hashlib.new('sha512_256', ...) over the RFC's inputs.
TEST(Compute, Rfc7616Section3_9_2Sha512_256WithUserhash) {
    const std::string user = "J\xc3\xa4s\xc3\xb8n Doe";
    EXPECT_EQ(userhash(HashAlgorithm::Sha512_256, user, "api@example.org"),
              "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b");
    const std::string ha1 =
        password_ha1(HashAlgorithm::Sha512_256, user, "api@example.org", "Secret, or not?");
    ResponseInput in;
    in.algorithm = {HashAlgorithm::Sha512_256, false};
    in.ha1 = ha1;
    in.nonce = "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK";
    in.cnonce = "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v";
    in.nc = "00000001";
    in.qop = Qop::Auth;
    in.qop_text = "auth";
    in.method = "GET";
    in.uri = "/doe.json";
    EXPECT_EQ(expected_response(in),
              "3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
}

struct Combination {
    HashAlgorithm hash;
    bool session;
    Qop qop;
    const char* qop_text;
    const char* expected;
};

// Every algorithm x -sess x qop combination for one SIP INVITE with an SDP body. Expected values
// computed independently with Python hashlib (md5, sha256, sha512_256) from the same inputs.
class AllCombinations : public ::testing::TestWithParam<Combination> {};

std::string combination_name(const ::testing::TestParamInfo<Combination>& param_info) {
    static const char* const kHashNames[] = {"MD5", "SHA256", "SHA512_256"};
    static const char* const kQopNames[] = {"noqop", "auth", "authint"};
    const Combination& c = param_info.param;
    return std::string(kHashNames[static_cast<int>(c.hash)]) + (c.session ? "_sess_" : "_") +
           kQopNames[static_cast<int>(c.qop)];
}

TEST_P(AllCombinations, MatchesHashlib) {
    const Combination& c = GetParam();
    const std::string ha1 = password_ha1(c.hash, "alice", "pbx.example", "s3cr:et");
    ResponseInput in;
    in.algorithm = {c.hash, c.session};
    in.ha1 = ha1;
    in.nonce = "abc123nonce";
    in.cnonce = "0a4f113b";
    in.nc = "00000002";
    in.qop = c.qop;
    in.qop_text = c.qop_text;
    in.method = "INVITE";
    in.uri = "sip:bob@pbx.example";
    in.body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n";
    EXPECT_EQ(expected_response(in), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Digest, AllCombinations,
    ::testing::Values(
        Combination{HashAlgorithm::Md5, false, Qop::None, "", "770700124923b5a7466a184e9e1c19a2"},
        Combination{HashAlgorithm::Md5, false, Qop::Auth, "auth",
                    "1f887269be4dd7263df025fd182190df"},
        Combination{HashAlgorithm::Md5, false, Qop::AuthInt, "auth-int",
                    "f0b2a48b37ddde22ad65a5bc1a6ca7cd"},
        Combination{HashAlgorithm::Md5, true, Qop::None, "", "d23bb588dba4b202698184081775aa10"},
        Combination{HashAlgorithm::Md5, true, Qop::Auth, "auth",
                    "7ec19fbc3451d77cf24471c4e0653b8e"},
        Combination{HashAlgorithm::Md5, true, Qop::AuthInt, "auth-int",
                    "bb7159ff9ee94ba52533123885e17b80"},
        Combination{HashAlgorithm::Sha256, false, Qop::None, "",
                    "6d7f68fef714e59621fc5682afcbfe950446a501b16900e2ceaa9a4f0ec8c70a"},
        Combination{HashAlgorithm::Sha256, false, Qop::Auth, "auth",
                    "2d4e970ef7e223ce0bd5f24debcf601841c85cad52604e96779817b79e85fb97"},
        Combination{HashAlgorithm::Sha256, false, Qop::AuthInt, "auth-int",
                    "7584b6f19230d317e8e68344bbcd0d7a47fdce3d4b9a610e478d98e3765067d5"},
        Combination{HashAlgorithm::Sha256, true, Qop::None, "",
                    "12b78be197e25a712f601d043dd24f3c82e66f5baa87be5b5430f7861f9c40e5"},
        Combination{HashAlgorithm::Sha256, true, Qop::Auth, "auth",
                    "52f23bdcac24c61550ada16c0748f8d65abb83c8917a34755cd82d0cc9a5d92e"},
        Combination{HashAlgorithm::Sha256, true, Qop::AuthInt, "auth-int",
                    "eaf580b7b3eeb2f9e9f6b58f9bd6d27a13af11d3797561909dec50f53c5c0dc0"},
        Combination{HashAlgorithm::Sha512_256, false, Qop::None, "",
                    "3835e383e1d98e44ea75fcee1872dd7c04ab5da3df1836c4bca5b841c23fb2b5"},
        Combination{HashAlgorithm::Sha512_256, false, Qop::Auth, "auth",
                    "280bd5d6f01e1f2f53df87bed5a845f8f102535e69daa9921efaddce4d827f5a"},
        Combination{HashAlgorithm::Sha512_256, false, Qop::AuthInt, "auth-int",
                    "b9c6d0cfcc9c4c2a279978707cc330f7137e53096824537dcede384a8f84bc76"},
        Combination{HashAlgorithm::Sha512_256, true, Qop::None, "",
                    "c06bf50a8a21513982de5114c0d63277f5348fe45d3387f3aed74cfce8a5871f"},
        Combination{HashAlgorithm::Sha512_256, true, Qop::Auth, "auth",
                    "4dcef1328480ca885421debdd761ac3fe1a97dea4b01335a68ce009565032cb7"},
        Combination{HashAlgorithm::Sha512_256, true, Qop::AuthInt, "auth-int",
                    "72c08a2a0410318ab73228011f190f60b0401806e8de3fa6bdb5d5d096daa0a4"}),
    combination_name);

TEST(Compute, AuthIntWithEmptyBodyHashesTheEmptyString) {
    const std::string ha1 = password_ha1(HashAlgorithm::Md5, "alice", "pbx.example", "s3cr:et");
    ResponseInput in;
    in.ha1 = ha1;
    in.nonce = "abc123nonce";
    in.cnonce = "0a4f113b";
    in.nc = "00000001";
    in.qop = Qop::AuthInt;
    in.qop_text = "auth-int";
    in.method = "REGISTER";
    in.uri = "sip:pbx.example";
    EXPECT_EQ(expected_response(in), "f0dd871d90ea43942473628489c73744");
}

// ha2() remembers recent H(method:uri) values: the same text under another hash, and texts
// evicted and asked for again, must still give the right digest.
TEST(Compute, Ha2RemembersNothingWrong) {
    ResponseInput in;
    in.qop = Qop::Auth;
    in.method = "REGISTER";
    in.uri = "sip:pbx.example";
    in.algorithm = {HashAlgorithm::Md5, false};
    EXPECT_EQ(ha2(in), "d5ca067e73f47ef381c730ec17fc708b");  // Python hashlib
    in.algorithm = {HashAlgorithm::Sha256, false};
    EXPECT_EQ(ha2(in), "5f1139dd82a762d40020eca1cfd32d6e54633dc0018e4ecfc3304e785627967b");
    in.algorithm = {HashAlgorithm::Md5, false};
    EXPECT_EQ(ha2(in), "d5ca067e73f47ef381c730ec17fc708b");
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 20; ++i) {
            for (HashAlgorithm hash :
                 {HashAlgorithm::Md5, HashAlgorithm::Sha256, HashAlgorithm::Sha512_256}) {
                const std::string uri = "sip:" + std::to_string(i) + "@pbx.example";
                in.algorithm = {hash, false};
                in.uri = uri;
                EXPECT_EQ(ha2(in), hex_hash(hash, "REGISTER:" + uri)) << uri;
            }
        }
    }
}

TEST(Compute, AlgorithmNamesAreCaseInsensitive) {
    EXPECT_EQ(parse_algorithm("md5"), (Algorithm{HashAlgorithm::Md5, false}));
    EXPECT_EQ(parse_algorithm("MD5-sess"), (Algorithm{HashAlgorithm::Md5, true}));
    EXPECT_EQ(parse_algorithm("sha-256-SESS"), (Algorithm{HashAlgorithm::Sha256, true}));
    EXPECT_EQ(parse_algorithm("SHA-512-256"), (Algorithm{HashAlgorithm::Sha512_256, false}));
    EXPECT_FALSE(parse_algorithm("AKAv1-MD5"));
    EXPECT_FALSE(parse_algorithm("-sess"));
    EXPECT_FALSE(parse_algorithm("SHA-512"));
    EXPECT_EQ(algorithm_name({HashAlgorithm::Sha512_256, true}), "SHA-512-256-sess");
}

TEST(Compute, QopValues) {
    EXPECT_EQ(parse_qop("auth"), Qop::Auth);
    EXPECT_EQ(parse_qop("AUTH-INT"), Qop::AuthInt);
    EXPECT_FALSE(parse_qop("auth,auth-int"));
}

}  // namespace
}  // namespace digest
