#include "digest/export.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "digest/compute.h"

namespace digest {
namespace {

std::vector<std::string> split(const std::string& line, char separator) {
    std::vector<std::string> fields(1);
    for (char c : line) {
        if (c == separator) {
            fields.emplace_back();
        } else {
            fields.back().push_back(c);
        }
    }
    return fields;
}

// The response a cracker computes from the line's fields for a password (the mode 11400 parser's
// and SIPcrack's reading of their lines: fields, URI rebuilt from its parts, qop).
std::string response_for(const std::string& user, const std::string& realm,
                         const std::string& method, const std::string& uri,
                         const std::string& nonce, const std::string& cnonce, const std::string& nc,
                         const std::string& qop, const std::string& password) {
    const std::string ha1 = password_ha1(HashAlgorithm::Md5, user, realm, password);
    ResponseInput in;
    in.ha1 = ha1;
    in.nonce = nonce;
    in.cnonce = cnonce;
    in.nc = nc;
    in.qop = qop.empty() ? Qop::None : Qop::Auth;
    in.qop_text = qop;
    in.method = method;
    in.uri = uri;
    return expected_response(in);
}

bool hashcat_cracks(const std::string& line, const std::string& password) {
    const std::vector<std::string> f = split(line, '*');
    if (f.size() != 15 || f[0] != "$sip$" || f[13] != "MD5") {
        return false;
    }
    std::string uri;
    if (!f[6].empty()) {
        uri = f[6] + ":";
    }
    uri += f[7];
    if (!f[8].empty()) {
        uri += ":" + f[8];
    }
    const std::string qop = f[12] == "auth" ? f[12] : "";
    return response_for(f[3], f[4], f[5], uri, f[9], f[10], f[11], qop, password) == f[14];
}

bool sipcrack_cracks(const std::string& line, const std::string& password) {
    const std::vector<std::string> f = split(line, '"');
    if (f.size() != 12 || f[10] != "MD5") {
        return false;
    }
    return response_for(f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], password) == f[11];
}

// testdata/corpus/register-md5-qop-auth frame 3 (sipp 127.0.0.1:5061 -> kamailio :5060).
ExportInput corpus_register() {
    ExportInput in;
    in.server_ip = "127.0.0.1";
    in.client_ip = "127.0.0.1";
    in.username = "100";
    in.realm = "127.0.0.1";
    in.method = "REGISTER";
    in.uri = "sip:127.0.0.1:5060";
    in.nonce = "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4";
    in.cnonce = "6b8b4567";
    in.nc = "00000001";
    in.qop = "auth";
    in.response = "1cf3ba90145ed49843c35a5f0de1b12f";
    return in;
}

// A request whose response is computed here for `password`.
ExportInput with_response(ExportInput in, const std::string& password) {
    in.response = response_for(in.username, in.realm, in.method, in.uri, in.nonce, in.cnonce, in.nc,
                               in.qop, password);
    return in;
}

ExportInput ipv6_register(const std::string& uri) {
    ExportInput in = corpus_register();
    in.server_ip = "2001:db8::10";
    in.client_ip = "2001:db8::20";
    in.realm = "pbx.lab.test";
    in.uri = uri;
    return with_response(in, "secret");
}

std::size_t colons(const std::string& line) {
    return static_cast<std::size_t>(std::count(line.begin(), line.end(), ':'));
}

TEST(Export, HashcatModule11400ExampleHash) {
    // hashcat's own self-test hash for -m 11400 (ST_HASH, password "hashcat") from its inputs.
    ExportInput in;
    in.server_ip = "72087";
    in.client_ip = "1215344588738747";
    in.method = "342210558720";
    in.uri = "737232616:1215344588738747:8867133055";
    in.nonce = "65600";
    in.response = "e9980869221f9d1182c83b0d5e56a7db";
    const auto line = hashcat_line(in);
    ASSERT_TRUE(line);
    EXPECT_EQ(*line,
              "$sip$*72087*1215344588738747***342210558720*737232616*1215344588738747*"
              "8867133055*65600****MD5*e9980869221f9d1182c83b0d5e56a7db");
    EXPECT_TRUE(hashcat_cracks(*line, "hashcat"));
}

TEST(Export, CorpusRegisterQopAuth) {
    const ExportInput in = corpus_register();
    const auto hashcat = hashcat_line(in);
    ASSERT_TRUE(hashcat);
    EXPECT_EQ(*hashcat,
              "$sip$*127.0.0.1*127.0.0.1*100*127.0.0.1*REGISTER*sip*127.0.0.1*5060*"
              "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4*6b8b4567*00000001*auth*MD5*"
              "1cf3ba90145ed49843c35a5f0de1b12f");
    EXPECT_TRUE(hashcat_cracks(*hashcat, "100"));
    EXPECT_FALSE(hashcat_cracks(*hashcat, "101"));

    const auto sipdump = sipdump_line(in);
    ASSERT_TRUE(sipdump);
    EXPECT_EQ(*sipdump,
              "127.0.0.1\"127.0.0.1\"100\"127.0.0.1\"REGISTER\"sip:127.0.0.1:5060\""
              "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4\"6b8b4567\"00000001\"auth\"MD5\""
              "1cf3ba90145ed49843c35a5f0de1b12f");
    EXPECT_TRUE(sipcrack_cracks(*sipdump, "100"));
    EXPECT_FALSE(sipcrack_cracks(*sipdump, "101"));
}

TEST(Export, NoQop) {
    ExportInput in = corpus_register();
    in.qop.clear();
    in.cnonce.clear();
    in.nc.clear();
    in = with_response(in, "100");
    const auto hashcat = hashcat_line(in);
    ASSERT_TRUE(hashcat);
    EXPECT_EQ(*hashcat,
              "$sip$*127.0.0.1*127.0.0.1*100*127.0.0.1*REGISTER*sip*127.0.0.1*5060*"
              "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4****MD5*" +
                  in.response);
    EXPECT_TRUE(hashcat_cracks(*hashcat, "100"));
    const auto sipdump = sipdump_line(in);
    ASSERT_TRUE(sipdump);
    EXPECT_EQ(*sipdump,
              "127.0.0.1\"127.0.0.1\"100\"127.0.0.1\"REGISTER\"sip:127.0.0.1:5060\""
              "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4\"\"\"\"MD5\"" +
                  in.response);
    EXPECT_TRUE(sipcrack_cracks(*sipdump, "100"));
}

TEST(Export, Ipv6HostAndUriParameters) {
    const ExportInput in = ipv6_register("sip:100@[2001:db8::10]:5060;transport=udp");
    const auto hashcat = hashcat_line(in);
    ASSERT_TRUE(hashcat);
    EXPECT_EQ(*hashcat,
              "$sip$*2001:db8::10*2001:db8::20*100*pbx.lab.test*REGISTER*sip*"
              "100@[2001:db8::10]*5060;transport=udp*awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4*"
              "6b8b4567*00000001*auth*MD5*" +
                  in.response);
    EXPECT_TRUE(hashcat_cracks(*hashcat, "secret"));
    const auto sipdump = sipdump_line(in);
    ASSERT_TRUE(sipdump);
    EXPECT_EQ(*sipdump,
              "2001:db8::10\"2001:db8::20\"100\"pbx.lab.test\"REGISTER\""
              "sip:100@[2001:db8::10]:5060;transport=udp\""
              "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4\"6b8b4567\"00000001\"auth\"MD5\"" +
                  in.response);
    EXPECT_TRUE(sipcrack_cracks(*sipdump, "secret"));
}

TEST(Export, Ipv6HostWithoutPortKeepsItsColonsInTheResource) {
    const ExportInput in = ipv6_register("sip:[2001:db8::10];transport=tcp");
    const auto hashcat = hashcat_line(in);
    ASSERT_TRUE(hashcat);
    EXPECT_NE(hashcat->find("*sip*[2001:db8::10];transport=tcp**"), std::string::npos) << *hashcat;
    EXPECT_TRUE(hashcat_cracks(*hashcat, "secret"));
}

TEST(Export, HashcatLineNeverHasSixOrEightColons) {
    // [::1] on both ends: the natural split gives 6 colons, and hashcat would then read the whole
    // hash file as pwdump or passwd; realm ::1 gives 8 (shadow). Another split of the URI is used.
    ExportInput in = corpus_register();
    in.server_ip = "::1";
    in.client_ip = "::1";
    in.uri = "sip:[::1]:5060";
    in = with_response(in, "100");
    const auto six = hashcat_line(in);
    ASSERT_TRUE(six);
    EXPECT_EQ(*six,
              "$sip$*::1*::1*100*127.0.0.1*REGISTER*sip*[::1]:5060**"
              "awTmpGsE5XiIJQFw2BYi8KpoDH5ddqa4*6b8b4567*00000001*auth*MD5*" +
                  in.response);
    EXPECT_TRUE(hashcat_cracks(*six, "100"));

    in.realm = "::1";
    in = with_response(in, "100");
    const auto eight = hashcat_line(in);
    ASSERT_TRUE(eight);
    EXPECT_EQ(colons(*eight), 9U) << *eight;
    EXPECT_TRUE(hashcat_cracks(*eight, "100"));

    for (const char* uri : {"sip:[::1]", "sip:[::1]:5060", "sips:100@[fe80::1:2]:5061;x=a:b",
                            "sip:a:b:c:d", "tel:+1-201-555-0123", "sip:host:"}) {
        for (const char* host : {"::1", "fe80::1", "10.0.0.1", "2001:db8:1:2:3:4:5:6"}) {
            ExportInput probe = corpus_register();
            probe.server_ip = host;
            probe.client_ip = host;
            probe.realm = host;
            probe.uri = uri;
            probe = with_response(probe, "pw");
            const auto line = hashcat_line(probe);
            ASSERT_TRUE(line) << uri << " " << host;
            EXPECT_NE(colons(*line), 6U) << *line;
            EXPECT_NE(colons(*line), 8U) << *line;
            EXPECT_TRUE(hashcat_cracks(*line, "pw")) << *line;
        }
    }
}

TEST(Export, AlgorithmAndResponseSpelling) {
    ExportInput in = corpus_register();
    in.algorithm = "md5";
    in.response = "1CF3BA90145ED49843C35A5F0DE1B12F";
    const auto hashcat = hashcat_line(in);
    ASSERT_TRUE(hashcat);
    EXPECT_EQ(*hashcat, *hashcat_line(corpus_register()));
    const auto sipdump = sipdump_line(in);
    ASSERT_TRUE(sipdump);  // SIPcrack compares lowercase hex
    EXPECT_EQ(*sipdump, *sipdump_line(corpus_register()));
}

TEST(Export, OnlyPlainMd5WithQopAbsentOrAuth) {
    for (const char* algorithm : {"MD5-sess", "SHA-256", "SHA-512-256", "AKAv1-MD5", "MD4"}) {
        ExportInput in = corpus_register();
        in.algorithm = algorithm;
        EXPECT_FALSE(hashcat_line(in)) << algorithm;
        EXPECT_FALSE(sipdump_line(in)) << algorithm;
    }
    for (const char* qop : {"auth-int", "auth,auth-int", "token"}) {
        ExportInput in = corpus_register();
        in.qop = qop;
        EXPECT_FALSE(hashcat_line(in)) << qop;
        EXPECT_FALSE(sipdump_line(in)) << qop;
    }
}

TEST(Export, QopSpelledOtherThanAuthIsLostOnHashcat) {
    // hashcat applies qop only when it reads exactly "auth"; SIPcrack hashes the qop text as is.
    ExportInput in = corpus_register();
    in.qop = "Auth";
    in = with_response(in, "100");
    EXPECT_FALSE(hashcat_line(in));
    const auto sipdump = sipdump_line(in);
    ASSERT_TRUE(sipdump);
    EXPECT_TRUE(sipcrack_cracks(*sipdump, "100"));
}

TEST(Export, SeparatorsInValuesCannotBeWritten) {
    ExportInput star = corpus_register();
    star.username = "a*b";
    EXPECT_FALSE(hashcat_line(star));
    EXPECT_TRUE(sipdump_line(star));

    ExportInput quote = corpus_register();
    quote.username = "a\"b";
    EXPECT_TRUE(hashcat_line(quote));
    EXPECT_FALSE(sipdump_line(quote));

    for (const char* bad : {"a\nb", "a\rb"}) {
        ExportInput in = corpus_register();
        in.realm = bad;
        EXPECT_FALSE(hashcat_line(in));
        EXPECT_FALSE(sipdump_line(in));
    }
    ExportInput nul = corpus_register();
    nul.nonce = std::string("ab\0cd", 5);
    EXPECT_FALSE(hashcat_line(nul));
    EXPECT_FALSE(sipdump_line(nul));
}

TEST(Export, ResponseMustBeMd5Hex) {
    for (const char* response :
         {"", "1cf3ba90145ed49843c35a5f0de1b12", "1cf3ba90145ed49843c35a5f0de1b12fa",
          "zcf3ba90145ed49843c35a5f0de1b12f"}) {
        ExportInput in = corpus_register();
        in.response = response;
        EXPECT_FALSE(hashcat_line(in)) << response;
        EXPECT_FALSE(sipdump_line(in)) << response;
    }
}

TEST(Export, ValuesLongerThanTheToolsReadAreRefused) {
    ExportInput nonce = corpus_register();
    nonce.nonce = std::string(127, 'n');
    EXPECT_TRUE(sipdump_line(nonce));
    nonce.nonce.push_back('n');  // SIPcrack would cut it to 127
    EXPECT_FALSE(sipdump_line(nonce));
    EXPECT_TRUE(hashcat_line(nonce));

    ExportInput method = corpus_register();
    method.method = "SUBSCRIBEPUBLISH";  // 16 characters: SIPcrack keeps 15
    EXPECT_FALSE(sipdump_line(method));
    EXPECT_TRUE(hashcat_line(method));

    ExportInput salt = corpus_register();
    salt.username = std::string(60, 'u');
    salt.realm = std::string(57, 'r');  // "user:realm:" = 119, hashcat's maximum
    EXPECT_TRUE(hashcat_line(salt));
    salt.realm.push_back('r');
    EXPECT_FALSE(hashcat_line(salt));

    ExportInput uri = corpus_register();
    uri.uri = "sip:" + std::string(246, 'h');  // "REGISTER:" + uri = 259 > 255 for hashcat
    EXPECT_FALSE(hashcat_line(uri));
    EXPECT_TRUE(sipdump_line(uri));

    ExportInput empty_uri = corpus_register();
    empty_uri.uri.clear();
    EXPECT_FALSE(hashcat_line(empty_uri));
}

}  // namespace
}  // namespace digest
