// The tracker's lookups by text (nonce, Call-ID, transaction): an open-addressing hash map whose
// keys are kept in a TextStore (valid until the store is cleared) and whose slots are one array.
// One probe usually finds the key, and the hash stored beside it spares most key comparisons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "digest/text_store.h"

namespace digest {

template <typename Value>
class TextMap {
    static_assert(std::is_trivially_copyable_v<Value> && std::is_trivially_destructible_v<Value>,
                  "TextMap values are copied when the table grows");

  public:
    explicit TextMap(TextStore& store) : store_(&store) {}

    // nullptr when absent. Valid until the next entry().
    Value* find(std::string_view key) {
        Slot* slot = locate(key, hash_of(key));
        return slot == nullptr ? nullptr : &slot->value;
    }
    const Value* find(std::string_view key) const { return const_cast<TextMap*>(this)->find(key); }

    // The value of `key`; a new one is value-initialised and its key copied into the store.
    // Valid until the next entry().
    Value& entry(std::string_view key) { return insert(key, nullptr); }
    // The same for a key already kept in the store (not copied again).
    Value& entry(const KeptText& key) { return insert(key, &key); }

    // Whether `key` was there.
    bool erase(std::string_view key) {
        Slot* slot = locate(key, hash_of(key));
        if (slot == nullptr) {
            return false;
        }
        slot->state = State::Erased;
        --size_;
        return true;
    }

    std::size_t size() const { return size_; }

  private:
    enum class State : std::uint8_t { Empty = 0, Full, Erased };
    struct Slot {
        std::size_t hash = 0;
        KeptText key;
        Value value{};
        State state = State::Empty;
    };

    static std::size_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

    Slot* locate(std::string_view key, std::size_t hash) {
        if (capacity_ == 0) {
            return nullptr;
        }
        for (std::size_t i = hash & (capacity_ - 1);; i = (i + 1) & (capacity_ - 1)) {
            Slot& slot = slots_[i];
            if (slot.state == State::Empty) {
                return nullptr;
            }
            if (slot.state == State::Full && slot.hash == hash && slot.key == key) {
                return &slot;
            }
        }
    }

    Value& insert(std::string_view key, const KeptText* kept) {
        const std::size_t hash = hash_of(key);
        if (Slot* found = locate(key, hash)) {
            return found->value;
        }
        if (2 * (used_ + 1) > capacity_) {
            grow();
        }
        std::size_t i = hash & (capacity_ - 1);
        while (slots_[i].state == State::Full) {
            i = (i + 1) & (capacity_ - 1);
        }
        Slot& slot = slots_[i];
        if (slot.state == State::Empty) {
            ++used_;
        }
        slot.hash = hash;
        slot.key = kept != nullptr ? *kept : store_->keep(key);
        slot.value = Value{};
        slot.state = State::Full;
        ++size_;
        return slot.value;
    }

    // At most half the slots are used (full or erased), so every probe ends on an empty one.
    void grow() {
        const std::size_t capacity =
            capacity_ == 0 ? kFirstCapacity : (4 * size_ >= capacity_ ? 2 * capacity_ : capacity_);
        std::vector<Slot> slots(capacity);
        for (std::size_t i = 0; i < capacity_; ++i) {
            if (slots_[i].state != State::Full) {
                continue;
            }
            std::size_t j = slots_[i].hash & (capacity - 1);
            while (slots[j].state == State::Full) {
                j = (j + 1) & (capacity - 1);
            }
            slots[j] = slots_[i];
        }
        slots_ = std::move(slots);
        capacity_ = capacity;
        used_ = size_;
    }

    static constexpr std::size_t kFirstCapacity = 64;

    TextStore* store_;
    std::vector<Slot> slots_;
    std::size_t capacity_ = 0;  // a power of two
    std::size_t used_ = 0;      // full or erased slots
    std::size_t size_ = 0;      // full slots
};

}  // namespace digest
