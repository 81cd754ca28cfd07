// Histogram: bucket b < 64 holds the value b; above, bucket (shift * 32 + m) holds the values
// whose top six bits are m (32 <= m < 64) after shifting right by `shift`.
#include "runtime/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace dslab::metrics {
namespace {
constexpr std::int64_t kSub = std::int64_t{1} << Histogram::kSubBits;
}  // namespace

int Histogram::bucket_of(std::int64_t value) {
  if (value < 2 * kSub) return static_cast<int>(std::max<std::int64_t>(value, 0));
  const int top = 63 - __builtin_clzll(static_cast<unsigned long long>(value));
  const int shift = top - kSubBits;
  return static_cast<int>(shift * kSub + (value >> shift));
}

std::int64_t Histogram::bucket_low(int bucket) {
  if (bucket < 2 * kSub) return bucket;
  const int shift = static_cast<int>(bucket / kSub) - 1;
  return (bucket - shift * kSub) << shift;
}

std::int64_t Histogram::bucket_high(int bucket) {
  if (bucket < 2 * kSub) return bucket;
  const int shift = static_cast<int>(bucket / kSub) - 1;
  const std::int64_t m = bucket - shift * kSub;
  if (m == 2 * kSub - 1 && shift == 63 - kSubBits - 1) return INT64_MAX;
  return ((m + 1) << shift) - 1;
}

void Histogram::record(std::int64_t value) {
  value = std::max<std::int64_t>(value, 0);
  ++counts_[static_cast<std::size_t>(bucket_of(value))];
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = count_ == 0 ? value : std::max(max_, value);
  ++count_;
  sum_ += value;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

std::int64_t Histogram::percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[static_cast<std::size_t>(b)];
    if (seen >= rank) return std::min(bucket_high(b), max_);
  }
  return max_;
}

std::vector<std::pair<std::int64_t, double>> Histogram::cdf() const {
  std::vector<std::pair<std::int64_t, double>> out;
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    const auto n = counts_[static_cast<std::size_t>(b)];
    if (n == 0) continue;
    seen += n;
    out.emplace_back(std::min(bucket_high(b), max_),
                     static_cast<double>(seen) / static_cast<double>(count_));
  }
  return out;
}

}  // namespace dslab::metrics
