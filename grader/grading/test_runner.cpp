// One manifest test, run and judged (see test_runner.hpp).
#include "grader/grading/test_runner.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "grader/report/score.hpp"
#include "runtime/ipc/child.hpp"

namespace dslab::grading {
namespace fs = std::filesystem;
namespace {

// Whether the trusted GoogleTest JSON says exactly this test ran and passed.
bool gtest_says_passed(const fs::path& file, const std::string& name, std::string& why) {
  std::ifstream in(file);
  if (!in) {
    why = "the test binary wrote no result file";
    return false;
  }
  try {
    const auto doc = nlohmann::json::parse(in);
    const auto dot = name.find('.');
    for (const auto& suite : doc.at("testsuites")) {
      for (const auto& t : suite.at("testsuite")) {
        if (suite.at("name").get<std::string>() != name.substr(0, dot) ||
            t.at("name").get<std::string>() != name.substr(dot + 1)) {
          continue;
        }
        if (t.value("result", "") == "SKIPPED" || t.value("status", "") != "RUN") {
          why = "the test was skipped";
          return false;
        }
        if (t.contains("failures")) {
          why = "assertion failed";
          return false;
        }
        return true;
      }
    }
    why = "the test binary does not contain this test (manifest and tests out of sync?)";
  } catch (const std::exception& e) {
    why = std::string("unreadable result file: ") + e.what();
  }
  return false;
}

}  // namespace

void explain_failure(const std::string& output, report::TestResult& result) {
  static const std::regex fail_line(R"(^(FAIL|NONDETERMINISTIC) .*seed=(\d+))");
  static const std::regex replay_line(R"(replay: (\S*dslab replay .*))");
  std::istringstream in(output);
  std::string detail;
  bool in_report = false;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, fail_line)) {
      result.seed = std::stoull(m[2].str());
      in_report = true;
      if (m[1].str() == "NONDETERMINISTIC") result.status = report::TestStatus::kNondeterministic;
    }
    if (std::regex_search(line, m, replay_line)) result.replay = m[1].str();
    const bool gtest_noise = line.rfind("[ ", 0) == 0 || line.rfind("[==", 0) == 0 ||
                             line.rfind("[--", 0) == 0 || line.rfind("Note: Google", 0) == 0 ||
                             line.rfind("Running main()", 0) == 0;
    if (in_report || (!gtest_noise && !line.empty())) detail += line + "\n";
    if (result.reason.empty() && (line.find("Failure") != std::string::npos ||
                                  line.rfind("  safety", 0) == 0 || line.rfind("  liveness", 0) == 0 ||
                                  line.rfind("  engine", 0) == 0)) {
      result.reason = line;
    }
  }
  // The first line after "FAIL ..." is the one-line reason of a simulated test.
  const auto fail_at = detail.find("FAIL ");
  if (fail_at != std::string::npos) {
    const auto eol = detail.find('\n', fail_at);
    const auto eol2 = eol == std::string::npos ? eol : detail.find('\n', eol + 1);
    if (eol != std::string::npos && eol2 != std::string::npos) {
      result.reason = detail.substr(eol + 1, eol2 - eol - 1);
      result.reason.erase(0, result.reason.find_first_not_of(' '));
    }
  }
  result.detail = report::bound_text(detail, report::kMaxDetailBytes);
}

report::TestResult run_test(const manifest::TestSpec& spec, const RunSettings& settings) {
  report::TestResult result;
  result.name = spec.name;
  result.points = spec.points;
  result.visibility = spec.visibility;
  result.property = spec.property;
  result.status = report::TestStatus::kFailed;

  const fs::path binary = settings.test_bin_dir / (spec.binary + settings.binary_suffix);
  if (!fs::exists(binary)) {
    result.status = report::TestStatus::kMissing;
    result.reason = fmt::format("test binary {} not built", binary.filename().string());
    return result;
  }
  fs::create_directories(settings.scratch);
  const fs::path json = settings.scratch / (spec.name + ".json");
  fs::remove(json);
  const fs::path launcher = settings.scratch / "launcher.txt";
  {
    std::ofstream l(launcher);
    for (const auto& a : settings.launcher) l << a << "\n";
  }
  ipc::SpawnOptions so;
  so.argv = {binary.string(), "--gtest_filter=" + spec.name, "--gtest_output=json:" + json.string(),
             "--gtest_color=no"};
  so.extra_env = settings.extra_env;
  so.extra_env.push_back("DSLAB_HOST_LAUNCHER_FILE=" + launcher.string());
  if (!settings.student_bin.empty()) so.extra_env.push_back("DSLAB_STUDENT_BIN=" + settings.student_bin.string());
  so.output_limit = 256 << 10;
  so.die_with_parent = false;
  // One group per test for the test process and all it starts; without one (no cgroup on this
  // machine) the per-process limits of the launcher still hold.
  std::unique_ptr<sandbox::Cgroup> group;
  if (settings.group.memory_bytes != 0 || settings.group.max_processes != 0) {
    group = sandbox::Cgroup::create(settings.group);
  }
  if (group) so.join_cgroup_fds = group->procs_fds();
  std::unique_ptr<ipc::Child> child;
  try {
    child = ipc::Child::spawn(so);
  } catch (const std::exception& e) {
    result.status = report::TestStatus::kCrashed;
    result.reason = std::string("cannot start the test binary: ") + e.what();
    return result;
  }
  const auto status = child->wait_until(ipc::deadline_in(std::chrono::seconds(spec.time_limit_seconds)));
  if (!status) child->kill();
  if (group) group->kill_all();  // stray processes of this test end with it
  const bool out_of_memory = group && group->usage().memory_limit_hit;
  // The drain thread may still hold the last bytes: wait (bounded) until the pipe is closed.
  child->wait_output_closed(ipc::deadline_in(std::chrono::seconds(2)));
  const std::string output = child->output().kept;
  if (!status) {
    result.status = report::TestStatus::kTimeout;
    result.reason = fmt::format("exceeded the time limit of {} s", spec.time_limit_seconds);
    explain_failure(output, result);
    result.reason = fmt::format("exceeded the time limit of {} s", spec.time_limit_seconds);
    return result;
  }
  std::string why;
  const bool passed = gtest_says_passed(json, spec.name, why);
  if (status->success() && passed) {
    result.status = report::TestStatus::kPassed;
    result.earned = spec.points;
    return result;
  }
  explain_failure(output, result);
  if (out_of_memory) {
    result.reason = fmt::format("the test's processes together used more than {} MiB of memory "
                                "(a process was killed)", settings.group.memory_bytes >> 20);
    if (status->signaled) result.status = report::TestStatus::kCrashed;
    return result;
  }
  if (status->signaled) {
    result.status = report::TestStatus::kCrashed;
    result.reason = "the test process " + status->describe();
  } else if (result.reason.empty()) {
    result.reason = why.empty() ? "the test process " + status->describe() : why;
  }
  return result;
}

}  // namespace dslab::grading
