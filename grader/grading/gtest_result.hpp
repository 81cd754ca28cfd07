// Reading one test's outcome from the trusted test binary's GoogleTest JSON result file: its
// verdict, its time, the failure facts the lab kit recorded (runtime/testing/facts.hpp) and the
// failure messages. Total: any malformed, missing or ill-typed part is an outcome with a
// reason, never an exception; every string that comes out is clean, bounded text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "grader/report/result.hpp"

namespace dslab::grading {

/// What the result file says about one test.
struct GtestOutcome {
  enum class Verdict {
    kPassed,      ///< ran, no failure
    kFailed,      ///< ran, at least one failure
    kSkipped,     ///< GTEST_SKIP or not run
    kAbsent,      ///< the file does not contain this test
    kUnreadable,  ///< no file, too large, not JSON, or not GoogleTest's shape
  };
  Verdict verdict = Verdict::kUnreadable;
  std::string why;                          ///< for kSkipped/kAbsent/kUnreadable: one line
  std::map<std::string, std::string> facts; ///< the dslab_* properties, cleaned and bounded
  std::string failures;                     ///< failure messages (locations removed), bounded
  std::optional<std::int64_t> test_ms;      ///< GoogleTest's own "time" of the test
};

/// Largest result file read (a test's file is a few kB; anything larger is refused).
inline constexpr std::size_t kMaxResultFileBytes = std::size_t{8} << 20;

/// Reads the outcome of `test` ("Suite.Name") from the text of a result file.
GtestOutcome read_gtest_outcome(std::string_view json_text, std::string_view test);
/// Reads it from a file (kUnreadable when missing or larger than kMaxResultFileBytes).
GtestOutcome read_gtest_outcome_file(const std::filesystem::path& file, std::string_view test);

/// Fills a failed test's reason (one line: the first line of the recorded message, else of
/// the first failure message), detail (the message, the trace excerpt, else the failure
/// messages), seed, replay and the nondeterministic or isolation status from `outcome`. Only the kit's facts
/// and GoogleTest's own structure are read; student text inside them is opaque.
void explain_failure(const GtestOutcome& outcome, report::TestResult& result);

/// GoogleTest's JSON writer escapes every byte >= 0x80 as \u00XX: this maps such a decoded
/// string back to its bytes (code points above U+00FF, which it never writes, stay as UTF-8).
std::string gtest_bytes(std::string_view decoded);

}  // namespace dslab::grading
