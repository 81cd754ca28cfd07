// Stable 64-bit hashes of codec values: the same value hashes the same on every machine, build
// and run (FNV-1a over the wire encoding), so hashes can be stored and compared across runs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/codec/wire.hpp"

namespace dslab::codec {

/// Incremental FNV-1a 64. Not thread-safe.
class HashSink {
 public:
  static constexpr std::uint64_t kOffset = 0xcbf29ce484222325ULL;
  static constexpr std::uint64_t kPrime = 0x100000001b3ULL;

  void write(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      state_ ^= p[i];
      state_ *= kPrime;
    }
  }
  std::uint64_t digest() const { return state_; }

 private:
  std::uint64_t state_ = kOffset;
};

/// The stable hash of `value` (the FNV-1a 64 of its wire encoding, computed without allocating).
template <class T>
std::uint64_t hash(const T& value) {
  HashSink sink;
  write_value(sink, value);
  return sink.digest();
}

/// Hash functor for unordered containers of codec values.
struct Hasher {
  template <class T>
  std::size_t operator()(const T& value) const {
    return static_cast<std::size_t>(hash(value));
  }
};

}  // namespace dslab::codec
