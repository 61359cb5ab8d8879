// Open-addressing hash tables for the whole-state check, which must stay within a few
// milliseconds on accounts of 10,000 rooms and 50,000 devices: one allocation per table instead
// of one per entry (std::unordered_map), no rehashing (sized once), small slots. Internal to
// the core.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

namespace portal {

// A word-at-a-time hash for short keys (serial numbers, product ids): two multiplications for a
// typical serial instead of one per byte. In-process only: results depend on byte order.
inline std::uint64_t HashText(std::string_view text) {
    std::uint64_t hash = 0x9E3779B97F4A7C15ull ^ text.size();
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        hash = (hash ^ word) * 0xff51afd7ed558ccdull;
        hash ^= hash >> 32;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, text.data() + i, text.size() - i);
    hash = (hash ^ tail) * 0xc4ceb9fe1a85ec53ull;
    return hash ^ (hash >> 29);
}

inline std::uint64_t MixBits(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return key;
}

inline size_t TableCapacity(size_t expected) {
    size_t capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    return capacity;
}

// Maps ids to values; `missing` when absent. Slots are 16 bytes: four per cache line.
template <class Value>
class FlatIdMap {
  public:
    FlatIdMap(size_t expected, Value missing)
        : slots_(TableCapacity(expected), Slot{kEmpty, missing}),
          mask_(slots_.size() - 1),
          missing_(missing) {}

    // Inserts key -> value unless the key is there; returns false for a repeated key.
    bool Insert(std::int64_t key, Value value) {
        for (size_t i = MixBits(static_cast<std::uint64_t>(key)) & mask_;; i = (i + 1) & mask_) {
            Slot& slot = slots_[i];
            if (slot.key == kEmpty) {
                slot = {key, value};
                return true;
            }
            if (slot.key == key) return false;
        }
    }
    Value Find(std::int64_t key) const {
        for (size_t i = MixBits(static_cast<std::uint64_t>(key)) & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.key == kEmpty) return missing_;
            if (slot.key == key) return slot.value;
        }
    }

  private:
    // Ids are positive; the one key no table holds marks a free slot.
    static constexpr std::int64_t kEmpty = std::numeric_limits<std::int64_t>::min();
    struct Slot {
        std::int64_t key;
        Value value;
    };
    std::vector<Slot> slots_;
    size_t mask_;
    Value missing_;
};

// id -> position in a table of things with an `id`; -1 when absent.
template <class T>
FlatIdMap<std::int32_t> PositionsById(const std::vector<T>& items) {
    FlatIdMap<std::int32_t> index(items.size(), -1);
    for (size_t i = 0; i < items.size(); ++i) {
        index.Insert(items[i].id, static_cast<std::int32_t>(i));
    }
    return index;
}

// A set of strings that stay alive elsewhere; Insert is false for a repeat. Slots hold a 32-bit
// fingerprint and the position of the text (8 bytes): 50,000 serials fit in the L2 cache,
// and the texts themselves are compared only when fingerprints match.
class FlatTextSet {
  public:
    explicit FlatTextSet(size_t expected)
        : slots_(TableCapacity(expected), Slot{0, 0}), mask_(slots_.size() - 1) {
        texts_.reserve(expected);
    }

    bool Insert(std::string_view text) {
        const std::uint64_t hash = HashText(text);
        const auto fingerprint = static_cast<std::uint32_t>(hash);
        for (size_t i = MixBits(hash) & mask_;; i = (i + 1) & mask_) {
            Slot& slot = slots_[i];
            if (slot.position == 0) {
                texts_.push_back(text);
                slot = {fingerprint, static_cast<std::uint32_t>(texts_.size())};
                return true;
            }
            if (slot.fingerprint == fingerprint && texts_[slot.position - 1] == text) return false;
        }
    }

    bool Contains(std::string_view text) const {
        const std::uint64_t hash = HashText(text);
        const auto fingerprint = static_cast<std::uint32_t>(hash);
        for (size_t i = MixBits(hash) & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.position == 0) return false;
            if (slot.fingerprint == fingerprint && texts_[slot.position - 1] == text) return true;
        }
    }

  private:
    struct Slot {
        std::uint32_t fingerprint;
        std::uint32_t position;  // 1-based index into texts_; 0: empty slot
    };
    std::vector<Slot> slots_;
    std::vector<std::string_view> texts_;
    size_t mask_;
};

}  // namespace portal
