// Seeds for randomized tests: a fixed list by default, one seed when replaying.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dslab::labkit {

/// The seeds a randomized test runs: `base`, base+1, ... (count of them). Environment
/// overrides: DSLAB_SEED=S runs only seed S (replay); DSLAB_SEEDS=N runs N seeds instead of
/// `count` (soak runs: e.g. DSLAB_SEEDS=1000). Throws std::invalid_argument on a malformed value.
std::vector<std::uint64_t> seeds(std::size_t count, std::uint64_t base = 1);

/// True when replaying a single seed (DSLAB_SEED set): tests then print the whole trace.
bool replaying();

/// Value of an environment variable, or `fallback` when unset or empty.
std::string env_or(const char* name, const std::string& fallback);

}  // namespace dslab::labkit
