// Lab 3 hidden tests: message complexity and determinism. Failure-free with a stable leader, a
// decision at every node costs at most max_messages_per_decision(n) messages (api/protocol.hpp);
// and the same seed gives the same trace.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <map>

#include "labs/lab3-paxos/tests/hidden/hidden_common.hpp"

namespace lab3::hidden {
namespace {

using checks::ConsensusChecker;
using checks::Sim;

// Messages nodes sent (self-sends included), by kind: "Prepare" -> 3, ...
std::map<std::string, int> messages_sent(const Sim& sim) {
  std::map<std::string, int> out;
  for (const auto& e : sim.trace().events()) {
    const bool sent = e.kind == trace::Kind::kSend ||
                      (e.kind == trace::Kind::kDrop && e.decision == "no such node");
    if (sent && e.node != kEnvironment) ++out[e.what.substr(0, e.what.find('('))];
  }
  return out;
}

void failure_free_run(Sim& sim) {
  ConsensusChecker checker(sim);
  sim::OracleConfig stable;
  stable.stabilize_min = stable.stabilize_max = 0;
  sim::LeaderOracle<Protocol> oracle(sim, stable, checks::leader_message);
  checker.proposed("v");
  for (NodeId n : sim.nodes()) sim.inject_at(0, n, ClientRequest{"v"});
  if (!checks::all_decide_by(sim, checker, sec(1), "failure-free, stable leader from t=0")) return;
  sim.run_until(sec(2));  // the bound covers the whole run: no chatter after the decision
  const auto sent = messages_sent(sim);
  int total = 0;
  std::string detail;
  for (const auto& [kind, count] : sent) {
    total += count;
    detail += fmt::format("{}{} {}", detail.empty() ? "" : ", ", count, kind);
  }
  const int bound = max_messages_per_decision(sim.size());
  if (total > bound) {
    sim.fail("complexity", fmt::format("{} nodes sent {} messages in 2 s ({}); the bound is {}",
                                       sim.size(), total, detail, bound));
  }
}

TEST(MessageComplexity, FailureFreeDecisionWithinBound) {
  auto eng = engine();
  for (int n : {3, 5}) {
    auto config = [n](std::uint64_t) {
      sim::SimConfig c;
      c.nodes = n;
      return c;
    };
    EXPECT_TRUE(labkit::for_each_seed(*eng, labkit::seeds(10), config, failure_free_run))
        << "cluster of " << n;
  }
}

TEST(Determinism, SameSeedSameTrace) {
  auto eng = engine();
  for (std::uint64_t seed : labkit::seeds(3)) {
    bool all_runs_passed = true;  // a node that does nothing is deterministic, but not a pass
    EXPECT_TRUE(labkit::deterministic(*eng, seed, faulty_config, [&](Sim& sim) {
      ConsensusChecker checker(sim);
      sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), checks::leader_message);
      checks::schedule_clients(sim, checker, kFaultPhase, 3);
      sim::NemesisConfig nemesis;
      nemesis.until = kFaultPhase;
      sim::schedule_nemesis(sim, nemesis, sim.workload_rng().derive("nemesis"));
      checks::all_decide_by(sim, checker, kFaultPhase + kLivenessBound, "stable since t=3s");
      all_runs_passed = all_runs_passed && !sim.failed();
    }));
    EXPECT_TRUE(all_runs_passed) << "seed " << seed << ": the run failed (replay it with "
                                 << labkit::replay_command(seed) << ")";
  }
}

}  // namespace
}  // namespace lab3::hidden
