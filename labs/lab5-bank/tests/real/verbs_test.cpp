// `dslab cluster lab5-bank` and `dslab bench cluster lab5-bank` end to end on the reference: a
// run with bank clients and a partition of the leader (through the nodes' transports) that
// heals passes with a linearizable history in --out; a tiny benchmark point writes its JSON.
// Every node process is gone afterwards.
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
  const auto dir = fs::temp_directory_path() / ("dslab-lab5-verb-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

/// Runs `dslab ARGS...`; its exit status and output.
std::pair<dslab::ipc::ExitStatus, std::string> run(std::vector<std::string> args) {
  args.insert(args.begin(), DSLAB_CLI);
  args.insert(args.end(), {"--build-dir", DSLAB_BUILD_DIR});
  dslab::ipc::SpawnOptions spawn;
  spawn.argv = args;
  spawn.output_limit = 1 << 20;
  auto child = dslab::ipc::Child::spawn(spawn);
  const auto status = child->wait_until(dslab::ipc::deadline_in(60s));
  EXPECT_TRUE(status.has_value()) << "dslab did not exit\n" << child->output().kept;
  return {status.value_or(dslab::ipc::ExitStatus{.signaled = true, .value = 0}), child->output().kept};
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
}

TEST(ClusterVerb, BankClientsThroughAPartitionOfTheLeaderGiveALinearizableHistory) {
  const auto out = out_dir("cluster");
  const auto [status, output] = run({"cluster", "lab5-bank", "--out", out.string(), "--source", DSLAB_SOURCE_DIR,
                                     "--duration", "3", "--clients", "3", "--batch-size", "4",
                                     "--batch-delay-us", "1000", "--faults", "partition:1+2/3@1,heal@2"});
  EXPECT_TRUE(status.success()) << status.describe() << "\n" << output;
  const auto summary = read_json(out / "summary.json");
  ASSERT_TRUE(summary.is_object()) << output;
  EXPECT_EQ(summary["passed"], true) << output;
  EXPECT_GT(summary["clients"]["answered"].get<int>(), 0) << output;
  std::ifstream history(out / "history.jsonl");
  std::string line;
  ASSERT_TRUE(static_cast<bool>(std::getline(history, line))) << "no history.jsonl\n" << output;
  EXPECT_TRUE(nlohmann::json::parse(line, nullptr, false).contains("op")) << line;
  for (const auto& pid : summary["pids"]) {
    EXPECT_TRUE(::kill(pid.get<pid_t>(), 0) != 0 && errno == ESRCH) << "node pid " << pid << " still exists";
  }
  fs::remove_all(out);
}

TEST(BenchVerb, ATinyPointWritesThroughputAndLatencyPercentiles) {
  const auto out = out_dir("bench");
  const auto json = out / "point.json";
  const auto [status, output] = run({"bench", "cluster", "lab5-bank", "--out", out.string(), "--clients", "2",
                                     "--duration", "0.5", "--warmup", "0.2", "--json", json.string()});
  EXPECT_TRUE(status.success()) << status.describe() << "\n" << output;
  const auto doc = read_json(json);
  ASSERT_TRUE(doc.is_object() && doc["points"].size() == 1) << output;
  const auto& point = doc["points"][0];
  EXPECT_EQ(point["error"], "") << output;
  EXPECT_GT(point["committed"].get<int>(), 0) << output;
  const auto& l = point["latency_us"];
  EXPECT_LE(l["p50"].get<double>(), l["p99"].get<double>()) << point.dump();
  EXPECT_LE(l["p99"].get<double>(), l["max"].get<double>()) << point.dump();
  EXPECT_FALSE(point["latency_cdf_us"].empty()) << point.dump();
  fs::remove_all(out);
}

}  // namespace
