// The result model of the whole grader: per-test results, per-lab results, a grade report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/manifest/lab_manifest.hpp"

namespace dslab::report {

/// What happened to one test. Only kPassed earns points.
enum class TestStatus {
  kPassed,
  kFailed,            ///< an assertion or checker failed
  kCrashed,           ///< the test process died (signal, abort, unexpected exit)
  kTimeout,           ///< the wall-clock limit of the test was hit
  kNondeterministic,  ///< the same seed gave two different traces
  kIsolation,         ///< one process per node (the isolation audit) gave a different trace
  kSandboxViolation,  ///< the sandbox stopped something forbidden
  kMissing,           ///< the manifest lists it but no result came back
  kBuildFailed,       ///< the submission did not compile
};

std::string_view to_string(TestStatus status);  ///< "passed", "sandbox_violation", ...
std::optional<TestStatus> parse_test_status(std::string_view s);

/// Bounds applied by score_lab (and by the JSON reader) to text that came from a test run.
inline constexpr std::size_t kMaxReasonBytes = 240;
inline constexpr std::size_t kMaxDetailBytes = 4096;
inline constexpr std::size_t kMaxBuildLogBytes = 8192;

/// The result of one manifest test.
struct TestResult {
  std::string name;  ///< "Suite.Test"
  int points = 0;    ///< from the manifest
  int earned = 0;    ///< points if passed, else 0
  manifest::Visibility visibility = manifest::Visibility::kPublic;
  TestStatus status = TestStatus::kMissing;
  std::string reason;                 ///< one line, e.g. "killed by SIGSEGV"
  std::string detail;                 ///< bounded text: assertion output, trace excerpt
  std::optional<std::uint64_t> seed;  ///< simulated tests: the failing seed
  std::optional<std::string> replay;  ///< command that replays the failure
  std::string property;               ///< what the test checks (manifest)
  /// Wall-clock time of the test's run as the grader measured it (process start to exit), ms;
  /// unset when the test did not run. Varies between runs (not part of report_digest).
  std::optional<std::int64_t> wall_ms = std::nullopt;
  /// The test's own time as GoogleTest reported it (the test body), ms; unset when unknown.
  std::optional<std::int64_t> test_ms = std::nullopt;
};

/// Limits of one sandboxed stage of a grading (the build, or each test). 0 = not applied.
struct SandboxLimits {
  std::uint64_t memory_bytes = 0;        ///< RLIMIT_AS per process
  std::uint64_t processes = 0;           ///< RLIMIT_NPROC of the sandbox uid
  std::uint64_t file_size_bytes = 0;     ///< RLIMIT_FSIZE per file
  std::uint64_t group_memory_bytes = 0;  ///< the stage's processes together (control group)
  std::uint64_t group_processes = 0;     ///< tasks alive at once in the stage (control group)
  int wall_seconds = 0;                  ///< the stage's wall limit (tests: 0 = the manifest's)
};

/// The confinement a lab's build and tests ran under (what the sandbox reached, not what was
/// asked for). An empty backend means "not recorded" (e.g. a report from before this field).
struct Isolation {
  std::string backend;    ///< "bwrap", "unshare" or "none"
  bool confined = false;  ///< own mount, pid, network, ipc and uts namespaces
  std::uint32_t uid_first = 0;  ///< the non-root uids the sandboxes run as (one per job) ...
  std::uint32_t uid_last = 0;   ///< ... from uid_first to uid_last; 0 = no uid drop
  std::string cgroup;     ///< "cgroup v1" / "cgroup v2"; "" = per-process limits only
  std::string seccomp;    ///< the seccomp filter in force, e.g. "dslab-deny/1"; "" = none
  SandboxLimits build;    ///< the sandboxed build
  SandboxLimits test;     ///< the student's programs during each test
  int budget_seconds = 0;  ///< the lab's total time budget (build + tests); 0 = none
};

/// One line for tables and logs, e.g. "bwrap, uids 61000-68999, rlimits, cgroup v1,
/// seccomp dslab-deny/1"; "" when nothing was recorded.
std::string describe(const Isolation& isolation);

/// The graded result of one lab for one submission.
struct LabResult {
  std::string lab;
  std::string title;
  manifest::LabKind kind = manifest::LabKind::kGroup;
  double pass_threshold = 60;
  double score = 0;  ///< points passed / all points × 100, rounded to 2 decimals
  bool passed = false;  ///< score > pass_threshold (before any slip-day penalty)
  std::vector<TestResult> tests;  ///< manifest order
  std::string build_log_excerpt;  ///< first compiler errors when the build failed
  Isolation isolation;            ///< what the sandbox reached
  double penalty = 0;             ///< slip-day penalty in points (0 until the ledger applies it)
  double final_score = 0;         ///< max(0, score - penalty)
  std::vector<std::string> notes;  ///< e.g. results ignored because the manifest lacks them
  /// Points of the manifest's hidden tests that this run did not run (a student's local run:
  /// `dslab test`); 0 when every test ran.
  int hidden_points_not_run = 0;
  /// A quick grade (`dslab grade --seeds-at-most N`): each randomized test ran at most N of its
  /// seeds. 0: every seed ran (an official grade, the only kind the ledger records).
  std::size_t seeds_at_most = 0;
};

/// The report of one grading run.
struct GradeReport {
  std::string submission;    ///< what was graded (directory, repository, commit)
  std::string submitted_at;  ///< the caller's submission time, RFC 3339 UTC ("" if not given)
  std::string graded_at;     ///< when grading ran (varies between runs, like the run times)
  std::vector<LabResult> labs;
  std::string tool_version;
};

/// Rounds to 2 decimals, half away from zero.
double round2(double v);

/// Applies a slip-day penalty: sets penalty and final_score = max(0, score - penalty).
void apply_penalty(LabResult& lab, double penalty);

}  // namespace dslab::report
