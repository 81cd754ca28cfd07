// Deterministic randomness for simulations: xoshiro256** seeded through splitmix64, derived
// streams per subsystem, and integer-ratio probabilities. No std::*_distribution anywhere: their
// output differs between standard libraries, which would break replay across machines.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/codec/state.hpp"

namespace dslab::random {

/// One step of splitmix64 (Steele, Lea, Flood 2014): advances `state`, returns the next output.
std::uint64_t splitmix64(std::uint64_t& state);

/// A probability as an integer ratio num/den (0 <= num <= den, den > 0); exact and portable.
struct Ratio {
  std::uint32_t num = 0;
  std::uint32_t den = 1;
  DSLAB_STATE(Ratio, num, den)
};

/// xoshiro256** (Blackman, Vigna 2018). A value type: copy it to fork a stream, compare it to
/// check two runs are in the same place. Not thread-safe.
class Rng {
 public:
  /// Seeds the four words from `seed` with splitmix64 (never all zero).
  explicit Rng(std::uint64_t seed);
  /// The stream of seed 0.
  Rng() : Rng(0) {}
  /// Uses the raw state as given; `state` must not be all zero.
  static Rng from_state(const std::array<std::uint64_t, 4>& state);

  /// The next 64 random bits.
  std::uint64_t next();
  /// Uniform in [0, bound); bound > 0. Unbiased (Lemire's multiply-shift with rejection).
  std::uint64_t below(std::uint64_t bound);
  /// Uniform in [lo, hi] (inclusive); lo <= hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  /// True with probability ratio.num / ratio.den.
  bool chance(Ratio ratio);
  /// A new independent stream for the named subsystem (e.g. "network", "node/3").
  /// Derivation depends only on this stream's current state and the name; it does not advance
  /// this stream.
  Rng derive(std::string_view name) const;
  /// A new independent stream for a numbered subsystem.
  Rng derive(std::uint64_t id) const;

  /// Shuffles `items` in place (Fisher-Yates).
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[below(i)]);
    }
  }

  const std::array<std::uint64_t, 4>& state() const { return s_; }

 private:
  std::array<std::uint64_t, 4> s_{};
  DSLAB_STATE(Rng, s_)
};

}  // namespace dslab::random
