// Tests of the deterministic PRNG: known-answer vectors, bounds, ratios and stream derivation.
#include "runtime/random/random.hpp"

#include <gtest/gtest.h>

#include <map>

namespace dslab::random {
namespace {

// Vectors from the reference algorithms (checked against an independent implementation).
TEST(Splitmix64, MatchesReferenceVectorsFromSeedZero) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64(state), 0x06c45d188009454fULL);
}

TEST(Xoshiro256StarStar, MatchesReferenceVectorsFromState1234) {
  Rng rng = Rng::from_state({1, 2, 3, 4});
  EXPECT_EQ(rng.next(), 11520u);
  EXPECT_EQ(rng.next(), 0u);
  EXPECT_EQ(rng.next(), 1509978240u);
  EXPECT_EQ(rng.next(), 1215971899390074240ULL);
  EXPECT_EQ(rng.next(), 1216172134540287360ULL);
  EXPECT_EQ(rng.next(), 607988272756665600ULL);
}

TEST(Rng, AllZeroStateIsRejected) {
  EXPECT_THROW(Rng::from_state({0, 0, 0, 0}), std::invalid_argument);
}

TEST(Rng, SameSeedGivesSameSequence) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, BelowStaysInBoundsAndCoversAllValues) {
  Rng rng(7);
  std::map<std::uint64_t, int> seen;
  for (int i = 0; i < 7000; ++i) {
    const auto v = rng.below(7);
    ASSERT_LT(v, 7u);
    ++seen[v];
  }
  ASSERT_EQ(seen.size(), 7u);
  for (const auto& [value, count] : seen) {
    EXPECT_GT(count, 800) << value;  // expected 1000; a biased generator would be far off
    EXPECT_LT(count, 1200) << value;
  }
  EXPECT_THROW(rng.below(0), std::invalid_argument);
}

TEST(Rng, BetweenIsInclusiveAndHandlesFullRange) {
  Rng rng(1);
  bool lo = false, hi = false;
  for (int i = 0; i < 1000; ++i) {
    const auto v = rng.between(-2, 2);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 2);
    lo |= v == -2;
    hi |= v == 2;
  }
  EXPECT_TRUE(lo && hi);
  (void)rng.between(INT64_MIN, INT64_MAX);
  EXPECT_THROW(rng.between(3, 2), std::invalid_argument);
}

TEST(Rng, ChanceFollowsTheRatioExactlyAtTheEdges) {
  Rng rng(3);
  int hits = 0;
  for (int i = 0; i < 10000; ++i) {
    EXPECT_FALSE(rng.chance({0, 5}));
    EXPECT_TRUE(rng.chance({5, 5}));
    hits += rng.chance({1, 4}) ? 1 : 0;
  }
  EXPECT_GT(hits, 2300);
  EXPECT_LT(hits, 2700);
  EXPECT_THROW(rng.chance({2, 1}), std::invalid_argument);
  EXPECT_THROW(rng.chance({0, 0}), std::invalid_argument);
}

TEST(Rng, DerivedStreamsAreIndependentAndDoNotAdvanceTheParent) {
  Rng parent(99);
  const Rng before = parent;
  Rng net = parent.derive("network");
  Rng node = parent.derive("node/1");
  EXPECT_EQ(parent, before);
  EXPECT_NE(net.next(), node.next());
  EXPECT_EQ(parent.derive("network"), parent.derive("network"));
  EXPECT_NE(parent.derive(1), parent.derive(2));
}

TEST(Rng, ShuffleIsAPermutationAndDeterministic) {
  std::vector<int> a{1, 2, 3, 4, 5, 6, 7, 8}, b = a;
  Rng r1(5), r2(5);
  r1.shuffle(a);
  r2.shuffle(b);
  EXPECT_EQ(a, b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
}

}  // namespace
}  // namespace dslab::random
