// Latency histograms with logarithmic buckets (about 3% relative precision, HdrHistogram's
// idea): constant memory whatever the number of samples, mergeable, with exact count, mean, min
// and max, and percentiles within one bucket of the true value.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace dslab::metrics {

/// Non-negative integer samples (e.g. latencies in µs). Not thread-safe.
class Histogram {
 public:
  /// Sub-buckets per power of two: a bucket spans at most 1/32 of its lower bound.
  static constexpr int kSubBits = 5;
  static constexpr int kBuckets = (64 - kSubBits) * (1 << kSubBits);  // up to 2^63-1

  /// Adds one sample; a negative value counts as 0.
  void record(std::int64_t value);
  /// Adds every sample of `other`.
  void merge(const Histogram& other);

  std::uint64_t count() const { return count_; }
  /// 0 when empty.
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_; }
  std::int64_t min() const { return count_ == 0 ? 0 : min_; }
  std::int64_t max() const { return count_ == 0 ? 0 : max_; }
  /// The q-quantile (0 <= q <= 1): the upper bound of the bucket holding the sample of rank
  /// ceil(q * count), capped at max(); 0 when empty. Never below the true quantile, and at most
  /// one bucket (about 3%) above it.
  std::int64_t percentile(double q) const;
  /// The cumulative distribution: (bucket upper bound capped at max(), fraction of samples at or
  /// below it) for every non-empty bucket, ascending.
  std::vector<std::pair<std::int64_t, double>> cdf() const;

  /// The bucket of `value` and the range of values it holds (for tests and plots).
  static int bucket_of(std::int64_t value);
  static std::int64_t bucket_low(int bucket);
  static std::int64_t bucket_high(int bucket);

 private:
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::int64_t sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace dslab::metrics
