// A read-only view of bytes and big-endian field readers, shared by the packet parsers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipdiff::capture {

struct ByteSpan {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;

    ByteSpan() = default;
    ByteSpan(const std::uint8_t* d, std::size_t n) : data(d), size(n) {}
    explicit ByteSpan(std::string_view s)
        : data(reinterpret_cast<const std::uint8_t*>(s.data())), size(s.size()) {}

    bool empty() const { return size == 0; }
    // The bytes from `offset` to the end (empty when offset >= size).
    ByteSpan from(std::size_t offset) const {
        return offset >= size ? ByteSpan{data + size, 0} : ByteSpan{data + offset, size - offset};
    }
    // The first `n` bytes (all of them when n >= size).
    ByteSpan first(std::size_t n) const { return ByteSpan{data, n < size ? n : size}; }
    std::string_view chars() const {
        return std::string_view(reinterpret_cast<const char*>(data), size);
    }
};

// Why a header could not be decoded; parsers return it instead of throwing.
struct ParseError {
    std::string reason;
};

inline std::uint16_t be16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}
inline std::uint32_t le32(const std::uint8_t* p) {
    return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) |
           std::uint32_t{p[0]};
}

}  // namespace sipdiff::capture
