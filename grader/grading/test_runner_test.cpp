// Tests of run_test() with a stand-in test binary (fake_test_main.cpp): a test whose processes
// hit the bounds of its control group is a sandbox violation naming the bound. They skip, saying
// why, where no control group can be made (not root, no cgroup fs).
#include "grader/grading/test_runner.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace dslab::grading {
namespace {
namespace fs = std::filesystem;

const sandbox::GroupLimits kSmallGroup{64ULL << 20, 16};

std::string no_cgroup() {
  std::string why;
  return sandbox::Cgroup::create(kSmallGroup, &why) ? "" : why;
}

report::TestResult run_fake(const std::string& test) {
  manifest::TestSpec spec;
  spec.name = "Fake." + test;
  spec.binary = fs::path(DSLAB_FAKE_TEST_PATH).filename().string();
  spec.points = 3;
  spec.time_limit_seconds = 60;
  RunSettings s;
  s.test_bin_dir = fs::path(DSLAB_FAKE_TEST_PATH).parent_path();
  s.binary_suffix = "";
  s.scratch = fs::temp_directory_path() / ("dslab-runner-test-" + std::to_string(getpid()));
  s.group = kSmallGroup;
  report::TestResult r = run_test(spec, s);
  fs::remove_all(s.scratch);
  return r;
}

TEST(RunTest, ATestKilledForMemoryByItsGroupIsASandboxViolationNamingTheBound) {
  if (const std::string why = no_cgroup(); !why.empty()) GTEST_SKIP() << "no cgroup: " << why;
  const report::TestResult r = run_fake("HoldsMoreMemoryThanItsGroup");
  EXPECT_EQ(r.status, report::TestStatus::kSandboxViolation) << r.reason;
  EXPECT_NE(r.reason.find("more than 64 MiB of memory"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("out of memory"), std::string::npos) << r.reason;
  EXPECT_NE(r.detail.find("SIGKILL"), std::string::npos) << "what happened to the test stays: " << r.detail;
  EXPECT_EQ(r.earned, 0);
}

TEST(RunTest, ATestStoppedByItsGroupsProcessBoundIsASandboxViolationNamingTheBound) {
  if (const std::string why = no_cgroup(); !why.empty()) GTEST_SKIP() << "no cgroup: " << why;
  const report::TestResult r = run_fake("StartsMoreProcessesThanItsGroup");
  EXPECT_EQ(r.status, report::TestStatus::kSandboxViolation) << r.reason;
  EXPECT_NE(r.reason.find("more than 16 processes and threads"), std::string::npos) << r.reason;
  EXPECT_EQ(r.earned, 0);
}

TEST(RunTest, AnUnknownTestIsAFailureWithItsReasonNotAViolation) {
  const report::TestResult r = run_fake("NoSuchMode");
  EXPECT_EQ(r.status, report::TestStatus::kFailed) << r.reason;
  EXPECT_NE(r.reason.find("no result file"), std::string::npos) << r.reason;
}

}  // namespace
}  // namespace dslab::grading
