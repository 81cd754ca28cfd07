// One manifest test, run and judged (see test_runner.hpp).
#include "grader/grading/test_runner.hpp"

#include <fmt/format.h>

#include <fstream>

#include "grader/report/score.hpp"
#include "runtime/text/clean.hpp"
#include "runtime/env/env.hpp"

namespace dslab::grading {
namespace fs = std::filesystem;
namespace {

using Verdict = GtestOutcome::Verdict;
using report::TestStatus;

// The last lines of what the test printed, as opaque text for the detail when the result file
// explains nothing (a crash, a timeout).
std::string output_tail(const std::string& output) {
  constexpr std::size_t kTail = 3000;
  const std::string tail = output.size() > kTail ? output.substr(output.size() - kTail) : output;
  const std::string clean = text::clean_text(tail, {.multiline = true, .max_bytes = report::kMaxDetailBytes});
  return clean.empty() ? "" : "the test printed (last lines):\n" + clean;
}

std::unique_ptr<ipc::Child> spawn_test(const fs::path& binary, const manifest::TestSpec& spec,
                                       const RunSettings& settings, const fs::path& json,
                                       const sandbox::Cgroup* group) {
  const fs::path launcher = settings.scratch / "launcher.txt";
  {
    std::ofstream l(launcher);
    for (const auto& a : settings.launcher) l << a << "\n";
  }
  ipc::SpawnOptions so;
  so.argv = {binary.string(), "--gtest_filter=" + spec.name, "--gtest_output=json:" + json.string(),
             "--gtest_color=no"};
  so.extra_env = settings.extra_env;
  so.extra_env.push_back(env::assignment(env::kHostLauncherFile, launcher.string()));
  if (!settings.student_bin.empty()) so.extra_env.push_back(env::assignment(env::kStudentBin, settings.student_bin.string()));
  so.output_limit = 256 << 10;
  so.die_with_parent = false;
  if (group != nullptr) so.join_cgroup_fds = group->procs_fds();
  return ipc::Child::spawn(so);
}

// A test that did not pass while its group hit a bound (the kernel's OOM killer ended a
// process, or a fork was refused) was stopped by the sandbox: that is its status and reason,
// whatever the process made of it afterwards (a crash, a hang, a failed assertion), and what the
// test reported is kept as the detail.
void blame_group_limit(const std::string& violation, report::TestResult& result) {
  if (violation.empty() || result.status == TestStatus::kPassed) return;
  const std::string then = result.reason.empty() ? "" : "then: " + result.reason;
  result.detail = text::clean_text(then + (then.empty() || result.detail.empty() ? "" : "\n") + result.detail,
                                   {.multiline = true, .max_bytes = report::kMaxDetailBytes});
  result.status = TestStatus::kSandboxViolation;
  result.reason = text::clean_line(violation, report::kMaxReasonBytes);
}

}  // namespace

void judge(const manifest::TestSpec& spec, const std::optional<ipc::ExitStatus>& status,
           const GtestOutcome& outcome, const std::string& output, report::TestResult& result) {
  result.test_ms = outcome.test_ms;
  result.status = TestStatus::kFailed;
  if (!status) {
    result.status = TestStatus::kTimeout;
    explain_failure(outcome, result);
    if (result.detail.empty()) result.detail = output_tail(output);
    result.reason = fmt::format("exceeded the time limit of {} s", spec.time_limit_seconds);
    return;
  }
  if (status->success() && outcome.verdict == Verdict::kPassed) {
    result.status = TestStatus::kPassed;
    result.earned = spec.points;
    return;
  }
  explain_failure(outcome, result);
  if (result.detail.empty()) result.detail = output_tail(output);
  const std::string died = "the test process " + status->describe();
  if (status->signaled) {
    result.status = TestStatus::kCrashed;
    result.reason = result.reason.empty() ? died : text::clean_line(died + ": " + result.reason, report::kMaxReasonBytes);
  } else if (outcome.verdict == Verdict::kPassed) {
    result.reason = died + " after its test passed";
  } else if (outcome.verdict != Verdict::kFailed) {
    result.reason = outcome.why + (status->success() ? "" : " (" + died + ")");
  } else if (result.reason.empty()) {
    result.reason = "assertion failed";
  }
}

report::TestResult run_test(const manifest::TestSpec& spec, const RunSettings& settings) {
  report::TestResult result;
  result.name = spec.name;
  result.points = spec.points;
  result.visibility = spec.visibility;
  result.property = spec.property;
  result.status = TestStatus::kFailed;

  const fs::path binary = settings.test_bin_dir / (spec.binary + settings.binary_suffix);
  if (!fs::exists(binary)) {
    result.status = TestStatus::kMissing;
    result.reason = fmt::format("test binary {} not built", binary.filename().string());
    return result;
  }
  fs::create_directories(settings.scratch);
  const fs::path json = settings.scratch / (spec.name + ".json");
  fs::remove(json);
  // One group per test for the test process and all it starts; without one (no cgroup on this
  // machine) the per-process limits of the launcher still hold.
  std::unique_ptr<sandbox::Cgroup> group;
  if (settings.group.memory_bytes != 0 || settings.group.max_processes != 0) {
    group = sandbox::Cgroup::create(settings.group);
  }
  const auto started = std::chrono::steady_clock::now();
  std::unique_ptr<ipc::Child> child;
  try {
    child = spawn_test(binary, spec, settings, json, group.get());
  } catch (const std::exception& e) {
    result.status = TestStatus::kCrashed;
    result.reason = text::clean_line(std::string("cannot start the test binary: ") + e.what(), report::kMaxReasonBytes);
    return result;
  }
  const auto status = child->wait_until(ipc::deadline_in(std::chrono::seconds(spec.time_limit_seconds)));
  if (!status) child->kill();
  result.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (group) group->kill_all();  // stray processes of this test end with it
  const sandbox::GroupUsage usage = group ? group->usage() : sandbox::GroupUsage{};
  // The drain thread may still hold the last bytes: wait (bounded) until the pipe is closed.
  child->wait_output_closed(ipc::deadline_in(std::chrono::seconds(2)));
  judge(spec, status, read_gtest_outcome_file(json, spec.name), child->output().kept, result);
  blame_group_limit(sandbox::violation(usage, settings.group, "the test's processes"), result);
  return result;
}

}  // namespace dslab::grading
