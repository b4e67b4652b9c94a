#include "digest/hash.h"

#include <gtest/gtest.h>

namespace digest {
namespace {

// Vectors: RFC 1321 appendix A.5 (MD5) and FIPS 180-4 examples (SHA-256, SHA-512/256 of "abc").
TEST(Hash, Md5Rfc1321Vectors) {
    EXPECT_EQ(hex_hash(HashAlgorithm::Md5, ""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hex_hash(HashAlgorithm::Md5, "abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Hash, Sha256Fips180Vector) {
    EXPECT_EQ(hex_hash(HashAlgorithm::Sha256, "abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, Sha512_256HasItsOwnInitialValues) {
    // FIPS 180-4 SHA-512/256("abc"); SHA-512("abc") cut to 256 bits would start ddaf35a1.
    EXPECT_EQ(hex_hash(HashAlgorithm::Sha512_256, "abc"),
              "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
}

TEST(Hash, LengthsAndNames) {
    EXPECT_EQ(hex_length(HashAlgorithm::Md5), 32u);
    EXPECT_EQ(hex_length(HashAlgorithm::Sha256), 64u);
    EXPECT_EQ(hex_length(HashAlgorithm::Sha512_256), 64u);
    EXPECT_EQ(hash_name(HashAlgorithm::Sha512_256), "SHA-512-256");
}

}  // namespace
}  // namespace digest
