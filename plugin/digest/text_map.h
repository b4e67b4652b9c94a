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
        if (slots_.empty()) {
            return nullptr;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
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
        if (2 * (used_ + 1) > slots_.size()) {
            grow();
        }
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        while (slots_[i].state == State::Full) {
            i = (i + 1) & mask;
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
        const std::size_t old = slots_.size();
        const std::size_t capacity = old == 0 ? kFirstCapacity : (4 * size_ >= old ? 2 * old : old);
        std::vector<Slot> slots(capacity);
        for (const Slot& slot : slots_) {
            if (slot.state != State::Full) {
                continue;
            }
            std::size_t j = slot.hash & (capacity - 1);
            while (slots[j].state == State::Full) {
                j = (j + 1) & (capacity - 1);
            }
            slots[j] = slot;
        }
        slots_ = std::move(slots);
        used_ = size_;
    }

    static constexpr std::size_t kFirstCapacity = 64;

    TextStore* store_;
    std::vector<Slot> slots_;  // a power of two of them, or none
    std::size_t used_ = 0;     // full or erased slots
    std::size_t size_ = 0;     // full slots
};

}  // namespace digest
