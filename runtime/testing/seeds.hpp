// Seeds for randomized tests: a fixed list by default, one seed when replaying.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dslab::labkit {

/// The seeds a randomized test runs: `base`, base+1, ... (count of them). Environment
/// overrides: DSLAB_SEED=S runs only seed S (replay); DSLAB_SEEDS=N runs N seeds instead of
/// `count` (soak runs: e.g. DSLAB_SEEDS=1000); DSLAB_SEEDS_AT_MOST=M then keeps the first M at
/// most (the bug checks' quick first pass). Throws env::Error (a std::invalid_argument naming
/// the variable) on a malformed value.
std::vector<std::uint64_t> seeds(std::size_t count, std::uint64_t base = 1);

/// The variables (DSLAB_SEED, DSLAB_SEEDS, DSLAB_AUDIT_SEEDS, DSLAB_TRACE_OUT, DSLAB_LAB, ...) are
/// declared with their meanings in runtime/env/env.hpp.

/// True when replaying a single seed (DSLAB_SEED set): tests then print the whole trace.
bool replaying();

/// How many seeds of each test the isolation audit also runs with one process per node (the
/// first ones of the list; a scripted run counts as one).
inline constexpr std::size_t kAuditSeeds = 2;
/// kAuditSeeds, or $DSLAB_AUDIT_SEEDS (0 turns the audit off). Throws like seeds().
std::size_t audit_seeds();

}  // namespace dslab::labkit
