// Test helper: plausible wrong answers for kv gets (chunks of the value dropped or swapped).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "runtime/random/random.hpp"

namespace dslab::lincheck::test_support {

/// `value` as written by generate_kv ("c1.3;p5;c2.7;": chunks ending in ';') with two adjacent
/// chunks swapped, or, for a single chunk, that chunk dropped. Deterministic given `rng`.
inline std::string shuffle_chunks(const std::string& value, random::Rng& rng) {
  std::vector<std::string> chunks;
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == ';') {
      chunks.push_back(value.substr(start, i + 1 - start));
      start = i + 1;
    }
  }
  if (chunks.empty()) return value;
  if (chunks.size() == 1) return "";
  const std::size_t k = rng.below(chunks.size() - 1);
  std::swap(chunks[k], chunks[k + 1]);
  std::string out;
  for (const auto& c : chunks) out += c;
  return out;
}

}  // namespace dslab::lincheck::test_support
