// Verdicts, search limits and violation explanations of the linearizability checker.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dslab::lincheck {

/// The answer of a check. `kUnknown` means the search stopped before it could decide (time,
/// step or memory budget exhausted): it is never reported as linearizable, and grading treats
/// it as not passing (see README.md).
enum class Verdict { kLinearizable, kNotLinearizable, kUnknown };

/// "linearizable", "not linearizable" or "unknown".
std::string_view to_string(Verdict verdict);

/// How a check runs. Defaults: whole history, no limits.
struct Options {
  /// Check each partition (see `PartitionableModel`) on its own. Ignored for models without
  /// partition keys.
  bool partition = false;
  /// Wall-clock budget for the whole check (all partitions); empty = none. Once spent, the
  /// check stops and answers `kUnknown` (unless a violation was already found).
  std::optional<std::chrono::nanoseconds> budget;
  /// Budget in search steps (one step = one attempt to linearize or undo an operation), for
  /// deterministic limits in tests; 0 = none.
  std::uint64_t max_steps = 0;
  /// Approximate memory budget of the search caches, in bytes; 0 = none.
  std::size_t max_cache_bytes = std::size_t{2} << 30;
};

/// Why a history is not linearizable, rendered with the model's descriptions.
struct Explanation {
  std::string partition;             ///< the partition's keys ("" when not partitioned)
  std::size_t partition_ops = 0;     ///< operations in that partition
  std::vector<std::string> prefix;   ///< a longest linearizable prefix, in linearization order
  std::vector<std::string> states;   ///< distinct states reached after a prefix that long
  bool states_truncated = false;     ///< more states existed than are listed
  std::vector<std::string> blocked;  ///< operations that could not be placed next
  std::vector<std::string> pending;  ///< other operations concurrent with the blocked one

  /// Multi-line text for a terminal; every line starts with `indent`.
  std::string to_text(std::string_view indent = "  ") const;
};

/// The outcome of a check.
struct Result {
  Verdict verdict = Verdict::kUnknown;
  std::string reason;               ///< one line: why not linearizable / why unknown; "" if ok
  std::optional<Explanation> explanation;  ///< set when not linearizable
  std::size_t operations = 0;       ///< operations checked
  std::size_t partitions = 0;       ///< partitions of the history (1 when not partitioned)
  std::uint64_t steps = 0;          ///< search steps taken
};

}  // namespace dslab::lincheck
