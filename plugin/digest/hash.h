// The three hash functions of HTTP/SIP Digest (RFC 7616 §3.2), as lowercase hex.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace digest {

enum class HashAlgorithm { Md5, Sha256, Sha512_256 };

// Lowercase hex of H(data). SHA-512-256 is SHA-512/256 (FIPS 180-4), with its own initial values.
std::string hex_hash(HashAlgorithm algorithm, std::string_view data);

// Number of hex digits hex_hash() returns for this algorithm.
std::size_t hex_length(HashAlgorithm algorithm);

// "MD5", "SHA-256", "SHA-512-256".
std::string_view hash_name(HashAlgorithm algorithm);

}  // namespace digest
