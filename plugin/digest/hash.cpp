#include "digest/hash.h"

#include <gcrypt.h>

#include <algorithm>
#include <array>

namespace digest {
namespace {

int gcrypt_id(HashAlgorithm algorithm) {
    switch (algorithm) {
        case HashAlgorithm::Md5:
            return GCRY_MD_MD5;
        case HashAlgorithm::Sha256:
            return GCRY_MD_SHA256;
        case HashAlgorithm::Sha512_256:
            return GCRY_MD_SHA512_256;
    }
    return GCRY_MD_MD5;
}

// libgcrypt wants gcry_check_version() before first use. Inside Wireshark that has happened
// already; unit tests and other hosts need it here.
void ensure_gcrypt_ready() {
    static const bool ready = [] {
        if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
            gcry_check_version(nullptr);
            gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
        }
        return true;
    }();
    (void)ready;
}

}  // namespace

std::size_t hex_length(HashAlgorithm algorithm) {
    return algorithm == HashAlgorithm::Md5 ? 32 : 64;
}

std::string_view hash_name(HashAlgorithm algorithm) {
    switch (algorithm) {
        case HashAlgorithm::Md5:
            return "MD5";
        case HashAlgorithm::Sha256:
            return "SHA-256";
        case HashAlgorithm::Sha512_256:
            return "SHA-512-256";
    }
    return "MD5";
}

// One open handle per algorithm, reset between uses: opening a libgcrypt context costs far
// more than hashing the short strings of Digest authentication.
static gcry_md_hd_t reusable_handle(HashAlgorithm algorithm) {
    thread_local gcry_md_hd_t handles[3] = {nullptr, nullptr, nullptr};
    gcry_md_hd_t& handle = handles[static_cast<int>(algorithm)];
    if (handle == nullptr) {
        ensure_gcrypt_ready();
        if (gcry_md_open(&handle, gcrypt_id(algorithm), 0) != 0) {
            handle = nullptr;
        }
    } else {
        gcry_md_reset(handle);
    }
    return handle;
}

std::string hex_hash(HashAlgorithm algorithm, std::string_view data) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::array<unsigned char, 32> raw{};
    const std::size_t raw_length = hex_length(algorithm) / 2;
    if (gcry_md_hd_t handle = reusable_handle(algorithm)) {
        gcry_md_write(handle, data.data(), data.size());
        const unsigned char* digest = gcry_md_read(handle, gcrypt_id(algorithm));
        std::copy(digest, digest + raw_length, raw.begin());
    } else {
        gcry_md_hash_buffer(gcrypt_id(algorithm), raw.data(), data.data(), data.size());
    }
    std::string hex(raw_length * 2, '0');
    for (std::size_t i = 0; i < raw_length; ++i) {
        hex[2 * i] = kHex[raw[i] >> 4];
        hex[2 * i + 1] = kHex[raw[i] & 0x0f];
    }
    return hex;
}

}  // namespace digest
