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

/// Environment: DSLAB_SEED=S (replay one seed, whole trace printed), DSLAB_SEEDS=N (soak),
/// DSLAB_AUDIT_SEEDS=N (seeds of each test the isolation audit re-runs; 0 = off), DSLAB_TRACE_OUT
/// (file for the JSON-lines trace of a failing or replayed run), DSLAB_LAB (lab name in reports).

/// True when replaying a single seed (DSLAB_SEED set): tests then print the whole trace.
bool replaying();

/// How many seeds of each test the isolation audit also runs with one process per node (the
/// first ones of the list; a scripted run counts as one).
inline constexpr std::size_t kAuditSeeds = 2;
/// kAuditSeeds, or $DSLAB_AUDIT_SEEDS (0 turns the audit off). Throws like seeds().
std::size_t audit_seeds();

/// Value of an environment variable, or `fallback` when unset or empty.
std::string env_or(const char* name, const std::string& fallback);

}  // namespace dslab::labkit
