// `dslab cluster lab2-detector` end to end: a run with a kill -9 passes, a run whose nodes die
// on their own fails, and Ctrl-C / SIGTERM stop it; in every case every node process it started
// is gone afterwards (pids from its summary.json).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>

#include "runtime/ipc/child.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path out_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("dslab-cluster-verb-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

struct Finished {
  dslab::ipc::ExitStatus status;
  nlohmann::json summary;
  std::string output;
};

std::unique_ptr<dslab::ipc::Child> start(const fs::path& out, std::vector<std::string> extra) {
  std::vector<std::string> argv = {DSLAB_CLI, "cluster", "lab2-detector", "--out", out.string(),
                                   "--build-dir", DSLAB_BUILD_DIR, "--source", DSLAB_SOURCE_DIR};
  argv.insert(argv.end(), extra.begin(), extra.end());
  dslab::ipc::SpawnOptions spawn;
  spawn.argv = argv;
  spawn.output_limit = 1 << 20;
  return dslab::ipc::Child::spawn(spawn);
}

Finished finish(dslab::ipc::Child& child, const fs::path& out) {
  const auto status = child.wait_until(dslab::ipc::deadline_in(60s));
  Finished f{.status = status.value_or(dslab::ipc::ExitStatus{.signaled = true, .value = 0}),
             .summary = nullptr, .output = child.output().kept};
  EXPECT_TRUE(status.has_value()) << "dslab cluster did not exit\n" << f.output;
  std::ifstream in(out / "summary.json");
  EXPECT_TRUE(in.good()) << "no summary.json\n" << f.output;
  if (in) f.summary = nlohmann::json::parse(in, nullptr, false);
  return f;
}

void expect_pids_gone(const Finished& f) {
  ASSERT_TRUE(f.summary.is_object() && f.summary["pids"].is_array()) << f.output;
  EXPECT_FALSE(f.summary["pids"].empty()) << f.output;
  for (const auto& pid : f.summary["pids"]) {
    EXPECT_TRUE(::kill(pid.get<pid_t>(), 0) != 0 && errno == ESRCH) << "node pid " << pid << " still exists";
  }
}

TEST(ClusterVerb, ARunWithAKill9PassesAndStopsEveryNode) {
  const auto out = out_dir("pass");
  auto child = start(out, {"--duration", "3", "--faults", "kill:3@1"});
  const auto f = finish(*child, out);
  EXPECT_TRUE(f.status.success()) << f.status.describe() << "\n" << f.output;
  EXPECT_EQ(f.summary["passed"], true) << f.output;
  expect_pids_gone(f);
  EXPECT_TRUE(fs::exists(out / "node-1.log") && fs::exists(out / "node-1.events")) << f.output;
  fs::remove_all(out);
}

TEST(ClusterVerb, NodesThatDieOnTheirOwnFailTheRunWithExitCode1) {
  const auto out = out_dir("fail");
  auto child = start(out, {"--duration", "2", "--program", "/bin/false"});
  const auto f = finish(*child, out);
  EXPECT_EQ(f.status.value, 1) << f.status.describe() << "\n" << f.output;
  EXPECT_FALSE(f.status.signaled);
  EXPECT_EQ(f.summary["passed"], false) << f.output;
  expect_pids_gone(f);
  fs::remove_all(out);
}

void stopped_by(int signal, const std::string& name) {
  const auto out = out_dir(name);
  auto child = start(out, {"--duration", "120"});
  ASSERT_TRUE(child->wait_output(
      [](const dslab::ipc::CapturedOutput& o) { return o.kept.find("running (") != std::string::npos; },
      dslab::ipc::deadline_in(30s)))
      << child->output().kept;
  ::kill(child->pid(), signal);
  const auto f = finish(*child, out);
  EXPECT_EQ(f.status.value, 128 + signal) << f.status.describe() << "\n" << f.output;
  EXPECT_EQ(f.summary["signal"], signal) << f.output;
  expect_pids_gone(f);
  fs::remove_all(out);
}

TEST(ClusterVerb, CtrlCStopsEveryNode) { stopped_by(SIGINT, "sigint"); }
TEST(ClusterVerb, SigtermStopsEveryNode) { stopped_by(SIGTERM, "sigterm"); }

}  // namespace
