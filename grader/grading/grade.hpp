// Grading a submission: stage, build in the sandbox, run every manifest test with the student's
// programs confined, score by the manifest; optionally record the result in the slip-day ledger.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "grader/grading/student_build.hpp"
#include "grader/manifest/lab_manifest.hpp"
#include "grader/report/result.hpp"

namespace dslab::grading {

/// Everything a grading run needs.
struct GradeOptions {
  std::filesystem::path source_root;   ///< the grader's sources (labs/, runtime/, cmake/)
  std::filesystem::path test_bin_dir;  ///< the trusted build's bin/ (<binary>_isolated)
  std::filesystem::path submission;    ///< one folder per lab, or a single lab's folder
  bool hidden = false;                 ///< include hidden tests (the instructor's grading)
  int jobs = 1;                        ///< tests run concurrently
  /// CMake build type of the student's programs. Release means -O2 without debug info here
  /// (nothing reads it when grading; skipping it makes the sandboxed build ~25% faster).
  std::string build_type = "Release";
  BuildLimits build;
  /// Total wall time of one lab's grading (staging, build and tests together). A build that
  /// would run past it is stopped; tests that cannot start before it ends score 0 and say so.
  /// Unset: the lab manifest's `budget` ([lab], default 1200 s).
  std::optional<std::chrono::seconds> budget;
  sandbox::Backend backend = sandbox::Backend::kAuto;
  /// A quick grade: each randomized test runs at most this many of its seeds (the first ones;
  /// DSLAB_SEEDS_AT_MOST in the test's environment). The report says so (LabResult::seeds_at_most
  /// and a note) and the ledger refuses to record it. Unset: every seed, an official grade.
  std::optional<std::size_t> seeds_at_most;
  std::filesystem::path work_root;     ///< where staging dirs go (default: temp dir)
  bool keep_work = false;              ///< keep staging dirs (debugging)
  /// Progress lines ("[lab2-detector] building..."); empty for quiet.
  std::function<void(const std::string&)> progress;
};

/// Grades one lab. Never throws for anything the submission does (missing files, compile
/// errors, crashes, hangs): those are scores. Throws std::runtime_error for grader problems
/// (unreadable manifest, missing trusted binaries directory).
report::LabResult grade_lab(const GradeOptions& options, const manifest::LabManifest& manifest);

/// The labs named by `which` ("all" or a lab id) under source_root/labs, in order.
std::vector<manifest::LabManifest> select_labs(const std::filesystem::path& source_root,
                                               const std::string& which);

/// Run once at the start of a grader process, before it starts threads: installs the
/// SIGTERM/SIGINT/SIGHUP cleanup (staging dirs, control groups, sandboxes are removed, then
/// the process ends by that signal) and sweeps what graders killed by SIGKILL left (their
/// staging dirs under `work_root` (empty: the temp dir) and their control groups).
void prepare_grader_process(const std::filesystem::path& work_root);

/// The sandbox uids grade_lab() runs jobs as: first and last of the pool (61000-68999).
std::pair<uid_t, uid_t> sandbox_uid_range();

/// The sandbox prefix the student's programs run under during tests (uid distinguishes
/// concurrent jobs; the programs directory is visible read-only).
std::vector<std::string> test_launcher(const std::filesystem::path& student_bin, int time_limit,
                                       uid_t uid, sandbox::Backend backend);

}  // namespace dslab::grading
