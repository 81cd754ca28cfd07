// Lab 3 hidden tests: message complexity and determinism. Failure-free with a stable leader, a
// decision at every node costs at most max_messages_per_decision(n) messages (api/protocol.hpp),
// counted from the run's typed send events; and the same seed gives the same trace.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/common/scenario.hpp"
#include "runtime/testing/counters.hpp"

namespace lab3::checks {
namespace {

using dslab::sec;

void failure_free_run(Sim& sim, Checkers& checkers) {
  dslab::labkit::MessageCounts<Protocol> sent(sim);
  dslab::sim::OracleConfig stable;
  stable.stabilize_min = stable.stabilize_max = 0;
  dslab::sim::LeaderOracle<Protocol> oracle(sim, stable, leader_message);
  checkers.consensus.proposed("v");
  for (NodeId n : sim.nodes()) sim.inject_at(0, n, ClientRequest{"v"});
  if (!all_decide_by(sim, checkers.consensus, sec(1), "failure-free, stable leader from t=0")) {
    return;
  }
  sim.run_until(sec(2));  // the bound covers the whole run: no chatter after the decision
  const auto bound = static_cast<std::size_t>(max_messages_per_decision(sim.size()));
  if (sent.total() > bound) {
    sim.fail("complexity", fmt::format("{} nodes sent {} messages in 2 s ({}); the bound is {}",
                                       sim.size(), sent.total(), sent.describe(), bound));
  }
}

TEST(MessageComplexity, FailureFreeDecisionWithinBound) {
  Runner runner;
  for (int n : {3, 5}) {
    auto config = [n](std::uint64_t) {
      dslab::sim::SimConfig c;
      c.nodes = n;
      return c;
    };
    runner.randomized(
        {.seeds = 10, .property = "at most 3n + n^2 messages for a failure-free decision"},
        config, failure_free_run);  // the report names the cluster size
  }
}

TEST(Determinism, SameSeedSameTrace) {
  Runner runner;
  // A node that does nothing is deterministic but fails: both runs must also pass.
  runner.deterministic(3, faulty_config, [](Sim& sim, Checkers& checkers) {
    faults_then_decide(sim, checkers, {}, 3, "stable since t=3s");
  });
}

}  // namespace
}  // namespace lab3::checks
