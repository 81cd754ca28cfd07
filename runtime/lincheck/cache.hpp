// Hash tables of the linearization search: the (linearized set, state) cache, a step memo and
// a state interner. Open addressing, flat arrays, no per-entry allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dslab::lincheck::detail {

/// A strong 64-bit mixer (the splitmix64 finaliser).
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// FNV-1a over bytes, then mixed; stable across runs and platforms.
inline std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
  return mix64(h);
}

/// Combines two hashes (order-sensitive).
inline std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b) {
  return mix64(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

/// A map from 64-bit keys to 32-bit values. Not thread-safe.
class U64Map {
 public:
  U64Map() { slots_.resize(16); }

  /// The value stored for `key`, or nullptr.
  const std::uint32_t* find(std::uint64_t key) const {
    for (std::size_t i = index(key);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.key == key) return &s.value;
    }
  }

  /// Stores `value` for `key` (which must not be present yet).
  void insert(std::uint64_t key, std::uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(key, value);
    ++size_;
  }

  std::size_t size() const { return size_; }
  std::size_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    bool used = false;
  };
  std::size_t index(std::uint64_t key) const { return mix64(key) & (slots_.size() - 1); }
  void place(std::uint64_t key, std::uint32_t value) {
    std::size_t i = index(key);
    while (slots_[i].used) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = Slot{key, value, true};
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.used) place(s.key, s.value);
    }
  }
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

/// The set of (linearized operations, state) pairs the search has already visited: reaching the
/// same pair again cannot lead anywhere new. `Key` is the search's state handle (a small
/// trivially copyable state, or an interned id). Each entry is stored contiguously in one arena
/// as [key words][bitset words]; the table slots hold the upper hash bits next to the entry
/// number, so a probe rarely touches an entry that does not match. Not thread-safe.
template <class Key>
class SeenSet {
  static_assert(std::is_trivially_copyable_v<Key>, "SeenSet keys are copied as bytes");

 public:
  explicit SeenSet(std::size_t words)
      : words_(words), key_words_((sizeof(Key) + 7) / 8), stride_(words_ + key_words_) {
    slots_.resize(1024);
  }

  /// Adds the pair unless present. `bits` points to `words` words; `hash` covers the bitset and
  /// the state. Returns true if it was new. `eq(a, b)` compares two keys.
  template <class Eq>
  bool insert(const std::uint64_t* bits, std::uint64_t hash, const Key& key, Eq&& eq) {
    const std::uint64_t mask = slots_.size() - 1;
    const std::uint64_t tag = hash & ~std::uint64_t{0xffffffff};
    std::uint64_t i = hash & mask;
    for (;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) break;
      if ((slot & ~std::uint64_t{0xffffffff}) != tag) continue;
      const std::uint64_t* entry = &arena_[((slot & 0xffffffff) - 1) * stride_];
      if (std::memcmp(entry + key_words_, bits, words_ * 8) != 0) continue;
      Key other;
      std::memcpy(static_cast<void*>(&other), entry, sizeof(Key));
      if (eq(other, key)) return false;
    }
    const std::size_t e = size_++;
    arena_.resize(arena_.size() + stride_, 0);
    std::uint64_t* entry = &arena_[e * stride_];
    std::memcpy(entry, static_cast<const void*>(&key), sizeof(Key));
    std::memcpy(entry + key_words_, bits, words_ * 8);
    slots_[i] = tag | (e + 1);
    hashes_low_.push_back(static_cast<std::uint32_t>(hash));
    if (size_ * 2 > slots_.size()) grow();
    return true;
  }

  std::size_t size() const { return size_; }
  /// Approximate memory in use, in bytes.
  std::size_t bytes() const {
    return slots_.capacity() * 8 + arena_.capacity() * 8 + hashes_low_.capacity() * 4;
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    const std::uint64_t mask = slots_.size() - 1;
    for (std::uint64_t slot : old) {
      if (slot == 0) continue;
      // The position comes from the low hash bits, which the slot does not keep: recompute
      // them from the entry's stored hash.
      std::uint64_t i = hashes_low_[(slot & 0xffffffff) - 1] & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::size_t words_;
  std::size_t key_words_;
  std::size_t stride_;
  std::size_t size_ = 0;
  std::vector<std::uint64_t> slots_;  // 0 = empty, else (hash & 0xffffffff00000000) | (entry + 1)
  std::vector<std::uint64_t> arena_;
  std::vector<std::uint32_t> hashes_low_;
};

/// Interns values of a (possibly large) state type: equal states get the same 32-bit id.
/// Not thread-safe.
template <class State>
class Interner {
 public:
  Interner() { table_.resize(256); }

  /// The id of `state`, adding it if new. `hash`/`eq` are the model's.
  template <class Hash, class Eq>
  std::uint32_t intern(State&& state, Hash&& hash, Eq&& eq) {
    std::uint64_t h = hash(state);
    std::size_t mask = table_.size() - 1;
    for (std::size_t i = mix64(h) & mask;; i = (i + 1) & mask) {
      std::uint32_t slot = table_[i];
      if (slot == 0) break;
      if (hashes_[slot - 1] == h && eq(states_[slot - 1], state)) return slot - 1;
    }
    states_.push_back(std::move(state));
    hashes_.push_back(h);
    if (states_.size() * 2 > table_.size()) {
      rehash();
    } else {
      place(states_.size() - 1);
    }
    return static_cast<std::uint32_t>(states_.size() - 1);
  }

  const State& operator[](std::uint32_t id) const { return states_[id]; }
  std::uint64_t hash_of(std::uint32_t id) const { return hashes_[id]; }
  std::size_t size() const { return states_.size(); }

 private:
  void place(std::size_t e) {
    std::size_t mask = table_.size() - 1;
    std::size_t i = mix64(hashes_[e]) & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = static_cast<std::uint32_t>(e + 1);
  }
  void rehash() {
    table_.assign(table_.size() * 2, 0);
    for (std::size_t e = 0; e < states_.size(); ++e) place(e);
  }
  std::vector<std::uint32_t> table_;
  std::vector<State> states_;
  std::vector<std::uint64_t> hashes_;
};

}  // namespace dslab::lincheck::detail
