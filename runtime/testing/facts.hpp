// The facts of a failed test as structured data for the grader: recorded with GoogleTest's
// RecordProperty, so they reach the grader in the test binary's JSON result file, and the grader
// never parses what a test printed. The kit's one failure path (report.cpp) records them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dslab::labkit {

/// The property names in the JSON result file (one key per fact, all strings). The grader
/// (grader/grading/gtest_result.*) reads exactly these.
namespace fact_key {
inline constexpr const char* kKind = "dslab_kind";
inline constexpr const char* kProperty = "dslab_property";
inline constexpr const char* kMessage = "dslab_message";
inline constexpr const char* kSeed = "dslab_seed";
inline constexpr const char* kReplay = "dslab_replay";
inline constexpr const char* kTraceExcerpt = "dslab_trace_excerpt";
}  // namespace fact_key

/// Bounds of recorded facts, in bytes (the cut marker included).
inline constexpr std::size_t kMaxFactBytes = 2048;          ///< message
inline constexpr std::size_t kMaxShortFactBytes = 512;      ///< kind, property, replay
inline constexpr std::size_t kMaxTraceExcerptBytes = 8192;  ///< trace excerpt

/// What a failed test reports. Only `message` is required; empty fields are not recorded.
struct Facts {
  /// "safety", "liveness", "engine", "limit", "complexity", "isolation", "nondeterministic",
  /// "table" (a table row), "check" (any other check of a lab's own test).
  std::string kind = {};
  std::string property = {};  ///< the property the test checks, as the test states it
  /// The explanation: its first line says what failed (the grader's reason), more lines follow.
  std::string message = {};
  std::optional<std::uint64_t> seed = std::nullopt;  ///< the failing seed of a simulated run
  std::string replay = {};                           ///< the command that replays it
  std::string trace_excerpt = {};                    ///< the trace lines shown with the failure
};

/// The facts as (key, value) pairs, as record_facts() records them: values cleaned
/// (runtime/text: valid UTF-8, no control characters but line breaks) and bounded, lines kept
/// whole unless the first line alone exceeds the bound. Student text inside is opaque.
std::vector<std::pair<std::string, std::string>> fact_properties(const Facts& facts);

/// Records `facts` for the running test. The first failure of a test is the one that explains
/// it: a test that already recorded facts keeps them (later calls return false). Outside a
/// test (no current GoogleTest test) nothing is recorded. Not thread-safe.
bool record_facts(const Facts& facts);

}  // namespace dslab::labkit
