// Tests of the per-run control group: limits written, a bound on the whole process tree (memory
// held by several processes together, a fork bomb), and clean removal. They skip, saying why,
// on machines where no cgroup can be created (e.g. no cgroup fs or not root).
#include "grader/sandbox/cgroup.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "grader/sandbox/isolation.hpp"
#include "grader/sandbox/run.hpp"
#include "grader/sandbox/test_support.hpp"

namespace dslab::sandbox {
namespace {

using sandbox::test_support::hostile_path;
using sandbox::test_support::hostile_policy;

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Why this machine cannot make a cgroup; "" when it can.
std::string no_cgroup() {
  std::string why;
  return Cgroup::create(GroupLimits{64ULL << 20, 16}, &why) ? "" : why;
}

#define DSLAB_NEED_CGROUP()                                  \
  if (const std::string why = no_cgroup(); !why.empty()) \
  GTEST_SKIP() << "no cgroup on this machine: " << why

// Runs the hostile program with per-process limits that do not stop it (512 MiB, no
// RLIMIT_NPROC) and the given bounds for the whole tree.
RunResult run_tree(std::uint64_t group_memory, std::uint64_t group_tasks,
                   std::vector<std::string> args) {
  Policy p = hostile_policy(Backend::kAuto);
  p.memory_bytes = 512ULL << 20;
  p.max_processes = 0;
  p.group_memory_bytes = group_memory;
  p.group_max_processes = group_tasks;
  args.insert(args.begin(), hostile_path(Backend::kAuto));
  return run(p, args);
}

TEST(Cgroup, CreateWritesTheLimitsAndTheDestructorRemovesTheGroup) {
  std::string why_not;
  auto group = Cgroup::create(GroupLimits{64ULL << 20, 17}, &why_not);
  if (!group) GTEST_SKIP() << "no cgroup on this machine: " << why_not;
  const auto dirs = group->dirs();
  ASSERT_FALSE(dirs.empty());
  for (const auto& dir : dirs) EXPECT_TRUE(std::filesystem::is_directory(dir)) << dir;
  const std::string pids_max = slurp(dirs.back() / "pids.max");
  EXPECT_EQ(pids_max.substr(0, 2), "17");
  const auto memory_file = group->version() == "cgroup v2" ? "memory.max" : "memory.limit_in_bytes";
  EXPECT_EQ(std::stoull(slurp(dirs.front() / memory_file)), 64ULL << 20);
  EXPECT_TRUE(group->pids().empty());
  group.reset();
  for (const auto& dir : dirs) EXPECT_FALSE(std::filesystem::exists(dir)) << dir;
}

TEST(Cgroup, RunMemoryBoundCoversTheWholeTree) {
  DSLAB_NEED_CGROUP();
  // Four processes of 96 MiB each: every one is within its own limit, together they are not.
  RunResult r = run_tree(192ULL << 20, 0, {"memhog-split", "4", "96"});
  ASSERT_EQ(r.sandbox_error, "");
  ASSERT_NE(r.group, "") << r.group_error;
  int children = -1, reported = -1, killed = -1;
  ASSERT_EQ(std::sscanf(r.stdout_data.c_str(), "children=%d reported_holding=%d killed=%d", &children,
                        &reported, &killed), 3)
      << r.stdout_data << r.stderr_data << describe(r);
  // 4 x 96 MiB of anonymous memory without swap cannot fit in 192 MiB: at least one child dies.
  // (How many reported holding is scheduling-dependent: a child can report, then be killed.)
  EXPECT_GE(killed, 1) << r.stdout_data;
  EXPECT_EQ(children, 4) << r.stdout_data;
  EXPECT_TRUE(r.group_usage.memory_limit_hit);
  EXPECT_LE(r.group_usage.peak_memory_bytes, 192ULL << 20);
  EXPECT_NE(r.isolation.find("cgroup"), std::string::npos) << r.isolation;
}

TEST(Cgroup, RunWithinTheBoundIsNotFlagged) {
  DSLAB_NEED_CGROUP();
  RunResult r = run_tree(512ULL << 20, 0, {"memhog-split", "2", "32"});
  ASSERT_NE(r.group, "") << r.group_error;
  EXPECT_NE(r.stdout_data.find("children=2 reported_holding=2 killed=0"), std::string::npos)
      << r.stdout_data;
  EXPECT_FALSE(r.group_usage.memory_limit_hit);
  EXPECT_GE(r.group_usage.peak_memory_bytes, 64ULL << 20);  // both children's 32 MiB counted
}

TEST(Cgroup, RunProcessBoundStopsAForkBombWithoutRlimitNproc) {
  DSLAB_NEED_CGROUP();
  RunResult r = run_tree(0, 32, {"forkbomb"});
  ASSERT_EQ(r.sandbox_error, "");
  ASSERT_NE(r.group, "") << r.group_error;
  int forks = -1;
  ASSERT_EQ(std::sscanf(r.stdout_data.c_str(), "forks=%d", &forks), 1) << r.stdout_data;
  EXPECT_LT(forks, 32);
  EXPECT_TRUE(r.group_usage.process_limit_hit);
  EXPECT_FALSE(r.timed_out);
}

TEST(Cgroup, NoGroupIsMadeWhenThePolicyAsksForNone) {
  RunResult r = run_tree(0, 0, {"exit", "0"});
  EXPECT_EQ(r.group, "");
  EXPECT_EQ(r.group_error, "");
  EXPECT_EQ(r.isolation.find("cgroup"), std::string::npos) << r.isolation;
}

}  // namespace
}  // namespace dslab::sandbox
