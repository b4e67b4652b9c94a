// A growable array of plain values kept in a TextStore, for the tracker's short lists (the
// requests that answered a challenge, the nc values used with a nonce). It doubles when full
// and leaves the old copy in the store, which frees everything at once.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "digest/text_store.h"

namespace digest {

template <typename T>
class ArenaArray {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "ArenaArray elements are copied when it grows and never destroyed");

  public:
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const T& operator[](std::size_t i) const { return data_[i]; }

    // Inserts before position `at` (<= size()).
    void insert(std::size_t at, const T& value, TextStore& store) {
        if (size_ == capacity_) {
            const std::uint32_t capacity = capacity_ == 0 ? 2 : 2 * capacity_;
            auto* grown =
                static_cast<T*>(store.resource()->allocate(capacity * sizeof(T), alignof(T)));
            std::copy_n(data_, size_, grown);
            data_ = grown;
            capacity_ = capacity;
        }
        std::copy_backward(data_ + at, data_ + size_, data_ + size_ + 1);
        data_[at] = value;
        ++size_;
    }
    void push_back(const T& value, TextStore& store) { insert(size_, value, store); }

  private:
    T* data_ = nullptr;
    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = 0;
};

}  // namespace digest
