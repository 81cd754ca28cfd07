// Winnowing (see winnow.hpp): rolling k-gram hashes and the robust selection.
#include "grader/similarity/winnow.hpp"

namespace dslab::similarity {
namespace {

// Mixes a rolling value so that the minimum of a window is a fair sample (splitmix64's finalizer).
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

constexpr std::uint64_t kBase = 0x100000001b3ULL;  // odd, so powers of it never vanish mod 2^64

}  // namespace

std::vector<std::uint64_t> kgram_hashes(std::span<const Token> tokens, int k) {
  std::vector<std::uint64_t> out;
  const auto kk = static_cast<std::size_t>(k);
  if (k < 1 || tokens.size() < kk) return out;
  out.reserve(tokens.size() - kk + 1);
  std::uint64_t top = 1;  // kBase^(k-1)
  for (std::size_t i = 1; i < kk; ++i) top *= kBase;
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i >= kk) h -= top * (tokens[i - kk].kind + 1ULL);
    h = h * kBase + (tokens[i].kind + 1ULL);
    if (i + 1 >= kk) out.push_back(mix(h));
  }
  return out;
}

std::vector<Fingerprint> winnow(std::span<const std::uint64_t> hashes, int w,
                                std::uint32_t offset) {
  std::vector<Fingerprint> out;
  if (hashes.empty() || w < 1) return out;
  const std::size_t n = hashes.size();
  const std::size_t ww = std::min(static_cast<std::size_t>(w), n);
  std::size_t sel = SIZE_MAX;
  for (std::size_t start = 0; start + ww <= n; ++start) {
    const std::size_t last = start + ww - 1;
    if (sel != SIZE_MAX && sel >= start) {
      if (hashes[last] >= hashes[sel]) continue;  // the selection stands (ties keep it)
      sel = last;
    } else {
      sel = start;
      for (std::size_t i = start; i <= last; ++i) {
        if (hashes[i] <= hashes[sel]) sel = i;
      }
    }
    out.push_back({hashes[sel], static_cast<std::uint32_t>(sel) + offset});
  }
  return out;
}

}  // namespace dslab::similarity
