#include "capture/address_texts.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace sipdiff::capture {
namespace {

IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    const std::uint8_t bytes[4] = {a, b, c, d};
    return ipv4_address(bytes);
}

TEST(AddressTexts, SameTextAsToString) {
    AddressTexts texts;
    const std::uint8_t six[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_EQ(texts.text(v4(127, 0, 0, 1)), "127.0.0.1");
    EXPECT_EQ(texts.text(ipv6_address(six)), "2001:db8::1");
    EXPECT_EQ(texts.text(v4(127, 0, 0, 1)), "127.0.0.1");
}

TEST(AddressTexts, MoreAddressesThanSlotsStayCorrect) {
    AddressTexts texts;
    std::vector<IpAddress> addresses;
    for (int i = 0; i < 300; ++i) {
        addresses.push_back(
            v4(10, 0, static_cast<std::uint8_t>(i / 256), static_cast<std::uint8_t>(i % 256)));
    }
    for (int round = 0; round < 2; ++round) {
        for (const IpAddress& a : addresses) {
            EXPECT_EQ(texts.text(a), to_string(a));
        }
    }
}

}  // namespace
}  // namespace sipdiff::capture
