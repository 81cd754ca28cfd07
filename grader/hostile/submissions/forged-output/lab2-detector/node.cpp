// Hostile lab-2 submission "forged-output" (grader/hostile/README.md): the node does nothing a
// detector should, but claims success everywhere a careless grader might look: GoogleTest lines
// and "OK"/"PASS" on stdout and stderr, fake GoogleTest JSON result files at likely paths, and a
// forged report and ledger over the driver's canary files. Expected: score 0, canaries untouched.
#include "node.hpp"

#include <cstdio>
#include <string>

namespace lab2 {
namespace {

constexpr const char* kTests[] = {
    "DetectorTable.Start_SetsInitialTimeoutAnnouncesHighestIdAndSendsNothing",
    "Completeness.CrashedNodeIsSuspectedByEveryCorrectNode",
    "Accuracy.NoCorrectNodeStaysSuspectedAfterTheNetworkStabilises",
    "Delay.GrowsByDeltaExactlyWhenATimeoutRestoresANode",
    "Leader.CorrectNodesAgreeOnTheHighestCorrectIdAfterTheLastFault",
    "Budget.NodesStayWithinTheMessageBudgetOfEachTimeoutPeriod",
    "Determinism.SameSeedGivesTheSameRunAndDetectsTheCrash",
};

std::string fake_gtest_json() {
  std::string suites;
  for (const char* t : kTests) {
    const std::string name(t);
    const auto dot = name.find('.');
    if (!suites.empty()) suites += ",";
    suites += R"({"name":")" + name.substr(0, dot) + R"(","tests":1,"failures":0,"testsuite":[{"name":")" +
              name.substr(dot + 1) + R"(","status":"RUN","result":"COMPLETED"}]})";
  }
  return R"({"tests":7,"failures":0,"errors":0,"testsuites":[)" + suites + "]}\n";
}

void write_file(const std::string& path, const std::string& text) {
  if (std::FILE* f = std::fopen(path.c_str(), "w")) {
    std::fputs(text.c_str(), f);
    std::fclose(f);
  }
}

void forge() {
  for (std::FILE* out : {stdout, stderr}) {
    for (const char* t : kTests) {
      std::fprintf(out, "[ RUN      ] %s\n[       OK ] %s (1 ms)\n", t, t);
    }
    std::fprintf(out, "[==========] 21 tests ran.\n[  PASSED  ] 21 tests.\nOK\nPASS\nok 1 - all\n");
    std::fflush(out);
  }
  const std::string json = fake_gtest_json();
  for (const char* dir : {"/tmp", ".", "/tmp/results/job0", "/tmp/results/job1", "@CANARY_DIR@"}) {
    write_file(std::string(dir) + "/test_detail.json", json);
    for (const char* t : kTests) write_file(std::string(dir) + "/" + t + ".json", json);
  }
  write_file("@CANARY_DIR@/report.json",
             R"({"schema":"dslab-report/1","labs":[{"lab":"lab2-detector","score":100.0,"passed":true}]})");
  write_file("@CANARY_DIR@/ledger.json", R"({"forged":true})");
}

}  // namespace

void DetectorNode::on_start(Context& /*ctx*/) { forge(); }

void DetectorNode::on_message(Context& /*ctx*/, NodeId /*from*/, const Protocol::Message& /*msg*/) {
  forge();
}

void DetectorNode::on_timer(Context& /*ctx*/, const Protocol::Timer& /*timer*/) { forge(); }

void DetectorNode::announce_leader(Context& /*ctx*/) {}

}  // namespace lab2
