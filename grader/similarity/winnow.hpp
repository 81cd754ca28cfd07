// Winnowing (Schleimer, Wilkerson, Aiken, "Winnowing: local algorithms for document
// fingerprinting", SIGMOD 2003): hashes of every k-gram of a token sequence, and the robust
// winnowing selection of fingerprints from them.
//
// The guarantee, with t = w + k - 1: two sequences that share a run of at least t tokens share at
// least one selected fingerprint (every window of w consecutive k-gram hashes has a selected one,
// and such a run holds a whole window); a run shorter than k tokens is never matched (the noise
// threshold). Between the two, a shared run may or may not be caught.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "grader/similarity/tokenizer.hpp"

namespace dslab::similarity {

/// A selected k-gram: its hash and the index of its first token in the sequence it came from.
struct Fingerprint {
  std::uint64_t hash = 0;
  std::uint32_t pos = 0;
  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

/// The hash of every k-gram of `tokens` (by kind only): element i is the hash of tokens
/// [i, i + k). Empty when there are fewer than k tokens. Pre: k >= 1. Thread-safe.
std::vector<std::uint64_t> kgram_hashes(std::span<const Token> tokens, int k);

/// Robust winnowing over `hashes` with window `w`: in each window of w consecutive hashes the
/// minimum is selected (the previous selection kept on ties, otherwise the rightmost minimum);
/// each selected position is returned once, ascending, with `offset` added to it. A sequence
/// shorter than w is one window. Pre: w >= 1. Thread-safe.
std::vector<Fingerprint> winnow(std::span<const std::uint64_t> hashes, int w,
                                std::uint32_t offset = 0);

}  // namespace dslab::similarity
