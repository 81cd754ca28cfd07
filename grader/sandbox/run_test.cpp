// Tests of run(), detect() and command_prefix() on ordinary (well-behaved) programs.
#include "grader/sandbox/run.hpp"

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include "grader/sandbox/command.hpp"
#include "grader/sandbox/isolation.hpp"
#include "grader/sandbox/test_support.hpp"

extern char** environ;

namespace dslab::sandbox {
namespace {

using test_support::hostile_path;
using test_support::hostile_policy;

Policy auto_policy() { return hostile_policy(resolve(Backend::kAuto, detect())); }
std::string hostile() { return hostile_path(resolve(Backend::kAuto, detect())); }

TEST(Detect, RootWithBwrap_ReachesBwrapWithUidDrop) {
  const Isolation& iso = detect();
  EXPECT_FALSE(iso.level.empty());
  if (!iso.is_root || !iso.bwrap_usable) {
    GTEST_SKIP() << "not root or no usable bwrap here (" << iso.notes << "); level "
                 << iso.level;
  }
  EXPECT_TRUE(iso.can_change_uid);
  EXPECT_EQ(iso.best, Backend::kBwrap);
  EXPECT_EQ(iso.level, "bwrap+uid 65534+rlimits+seccomp dslab-deny/1");
}

TEST(Run, ExitCode_IsReported) {
  RunResult r = run(auto_policy(), {hostile(), "exit", "7"});
  ASSERT_EQ(r.sandbox_error, "");
  ASSERT_TRUE(r.exit_code.has_value());
  EXPECT_EQ(*r.exit_code, 7);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.succeeded());
  EXPECT_EQ(r.isolation, isolation_level(resolve(Backend::kAuto, detect()), detect(),
                                         test_support::test_uid(), true));
}

TEST(Run, StdinData_ReachesTheProgram) {
  std::string input(200000, 'q');  // larger than a pipe buffer
  input += "end";
  RunResult r = run(auto_policy(), {hostile(), "echo"}, input);
  EXPECT_TRUE(r.succeeded()) << r.sandbox_error << r.stderr_data;
  EXPECT_EQ(r.stdout_bytes, input.size());
  EXPECT_TRUE(r.stdout_data == input.substr(0, 64U << 10)) << "kept output differs from input";
  EXPECT_TRUE(r.output_truncated);
}

TEST(Run, MissingProgram_IsASandboxErrorNotAnExitCode) {
  RunResult r = run(auto_policy(), {"/no/such/program"});
  EXPECT_NE(r.sandbox_error.find("/no/such/program"), std::string::npos) << r.sandbox_error;
  EXPECT_FALSE(r.exit_code.has_value());
  EXPECT_FALSE(r.succeeded());
}

TEST(Run, BadArguments_ThrowClearErrors) {
  EXPECT_THROW(run(auto_policy(), {}), std::invalid_argument);
  Policy p = auto_policy();
  p.cwd = "not/absolute";
  EXPECT_THROW(run(p, {hostile(), "exit", "0"}), std::invalid_argument);
}

TEST(Run, CpuTime_IsMeasuredForTheWholeTree) {
  Policy p = auto_policy();
  p.cpu_seconds = 1;
  RunResult r = run(p, {hostile(), "spin"});
  EXPECT_TRUE(r.signal == SIGXCPU || r.signal == SIGKILL) << r.signal_name;
  EXPECT_GE(r.cpu_seconds, 0.9);
  EXPECT_LT(r.cpu_seconds, 3.0);
}

TEST(CommandPrefix, LaunchedDirectly_RunsTheProgramInside) {
  Policy p = auto_policy();
  std::vector<std::string> args = command_prefix(p);
  ASSERT_FALSE(args.empty());
  EXPECT_EQ(args.back(), "--");
  args.insert(args.end(), {hostile(), "exit", "5"});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 5);  // dslab-limit and bwrap pass the exit code through
}

}  // namespace
}  // namespace dslab::sandbox
