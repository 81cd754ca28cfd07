// Seed lists for randomized tests, with the replay and soak overrides.
#include "runtime/testing/seeds.hpp"

#include <algorithm>

#include "runtime/env/env.hpp"

namespace dslab::labkit {

bool replaying() { return env::text(env::kSeed).has_value(); }

std::vector<std::uint64_t> seeds(std::size_t count, std::uint64_t base) {
  if (const auto one = env::number(env::kSeed)) return {*one};
  // A soak of more than a billion seeds per test is a typo.
  if (const auto n = env::number(env::kSeeds, 1'000'000'000)) count = static_cast<std::size_t>(*n);
  // A prefix of the list: a seed fails or passes alike in the whole run.
  if (const auto most = env::number(env::kSeedsAtMost, 1'000'000'000)) {
    count = std::min(count, static_cast<std::size_t>(*most));
  }
  std::vector<std::uint64_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(base + i);
  return out;
}

std::size_t audit_seeds() {
  return static_cast<std::size_t>(env::number(env::kAuditSeeds, 1'000'000).value_or(kAuditSeeds));
}

}  // namespace dslab::labkit
