// Running one manifest test: the grader's own (trusted) test binary, filtered to that test,
// with the student's programs launched inside the sandbox. The verdict comes from the trusted
// process: its exit status and its GoogleTest result file, never from student output.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grader/grading/gtest_result.hpp"
#include "grader/manifest/lab_manifest.hpp"
#include "grader/report/result.hpp"
#include "grader/sandbox/cgroup.hpp"
#include "runtime/ipc/child.hpp"

namespace dslab::grading {

/// Where and how to run tests.
struct RunSettings {
  std::filesystem::path test_bin_dir;      ///< the trusted build's bin/ (holds <binary>_isolated)
  std::string binary_suffix = "_isolated"; ///< "" for a student's local run (`dslab test`)
  std::filesystem::path student_bin;       ///< the submission's programs (DSLAB_STUDENT_BIN)
  std::vector<std::string> launcher;       ///< sandbox prefix for the student's programs
  std::filesystem::path scratch;           ///< a private directory for result files
  std::vector<std::string> extra_env;      ///< more NAME=value for the test process
  /// Bounds for the test process and everything it starts (the student's sandboxed programs
  /// included), enforced by a cgroup per test where the machine allows one; zeros = none.
  sandbox::GroupLimits group;
};

/// Runs `spec` and returns its result (points filled from the manifest; earned when passed),
/// with its wall time. The verdict and the failure's facts come from the trusted binary's exit
/// status and its GoogleTest JSON result file (grading/gtest_result.hpp); what the test printed
/// is only shown (cleaned, bounded) when there is nothing else, never parsed. Never throws for
/// a misbehaving test: a crash, timeout or missing result is a status with a reason.
report::TestResult run_test(const manifest::TestSpec& spec, const RunSettings& settings);

/// Judges a finished run (exposed for tests): `status` is the test process's exit (nullopt: it
/// hit the time limit), `outcome` what its result file says, `output` what it printed.
void judge(const manifest::TestSpec& spec, const std::optional<ipc::ExitStatus>& status,
           const GtestOutcome& outcome, const std::string& output, report::TestResult& result);

}  // namespace dslab::grading
