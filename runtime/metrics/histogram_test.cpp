// Histogram: bucket bounds tile the integers, percentiles stay within one bucket of the exact
// answer on seeded samples, merge equals recording everything in one.
#include "runtime/metrics/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "runtime/random/random.hpp"

namespace dslab::metrics {
namespace {

TEST(Histogram, BucketsTileTheNonNegativeIntegersWithinThreePercent) {
  EXPECT_EQ(Histogram::bucket_low(0), 0);
  for (int b = 1; b < Histogram::kBuckets; ++b) {
    ASSERT_EQ(Histogram::bucket_low(b), Histogram::bucket_high(b - 1) + 1) << "bucket " << b;
    ASSERT_EQ(Histogram::bucket_of(Histogram::bucket_low(b)), b);
    ASSERT_EQ(Histogram::bucket_of(Histogram::bucket_high(b)), b);
    const auto low = Histogram::bucket_low(b);
    const auto width = Histogram::bucket_high(b) - low;
    ASSERT_LE(static_cast<double>(width), static_cast<double>(low) / 32.0) << "bucket " << b;
  }
  EXPECT_EQ(Histogram::bucket_high(Histogram::kBuckets - 1), INT64_MAX);
  EXPECT_EQ(Histogram::bucket_of(-5), 0);
}

TEST(Histogram, EmptyAnswersZero) {
  const Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile(0.99), 0);
  EXPECT_EQ(h.mean(), 0.0);
  EXPECT_TRUE(h.cdf().empty());
}

TEST(Histogram, PercentilesAreWithinOneBucketOfTheExactOnes) {
  random::Rng rng(7);
  Histogram h;
  std::vector<std::int64_t> samples;
  for (int i = 0; i < 20000; ++i) {
    // Latency-like: mostly around 200 µs, a long tail to tens of ms.
    const std::int64_t v = rng.chance({1, 50}) ? rng.between(5000, 50000) : rng.between(100, 400);
    samples.push_back(v);
    h.record(v);
  }
  std::sort(samples.begin(), samples.end());
  for (double q : {0.0, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * samples.size())));
    const std::int64_t exact = samples[rank - 1];
    const std::int64_t got = h.percentile(q);
    EXPECT_GE(got, exact) << "q=" << q;
    EXPECT_LE(got, Histogram::bucket_high(Histogram::bucket_of(exact))) << "q=" << q;
  }
  EXPECT_EQ(h.min(), samples.front());
  EXPECT_EQ(h.max(), samples.back());
  double sum = 0;
  for (auto v : samples) sum += static_cast<double>(v);
  EXPECT_DOUBLE_EQ(h.mean(), sum / static_cast<double>(samples.size()));
  const auto cdf = h.cdf();
  ASSERT_FALSE(cdf.empty());
  EXPECT_EQ(cdf.back().first, h.max());
  EXPECT_DOUBLE_EQ(cdf.back().second, 1.0);
  for (std::size_t i = 1; i < cdf.size(); ++i) EXPECT_LT(cdf[i - 1].first, cdf[i].first);
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
  Histogram a, b, all;
  for (std::int64_t v : {3, 70, 900, 12345}) {
    a.record(v);
    all.record(v);
  }
  for (std::int64_t v : {1, 64, 1000000}) {
    b.record(v);
    all.record(v);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.min(), 1);
  EXPECT_EQ(a.max(), 1000000);
  EXPECT_EQ(a.cdf(), all.cdf());
  for (double q : {0.1, 0.5, 0.9}) EXPECT_EQ(a.percentile(q), all.percentile(q));
}

}  // namespace
}  // namespace dslab::metrics
