// Lab 3 hidden tests: liveness. Once a majority is up and connected and the oracle names one
// live leader, every live node decides within kLivenessBound, even with a minority down for good.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/common/scenario.hpp"

namespace lab3::checks {
namespace {

TEST(Liveness, DecidesWithinBoundOnceMajorityConnectedAndLeaderStable) {
  Runner runner;
  runner.randomized(
      {.seeds = 2000, .property = "every live node decides within 2 s once the faults end"},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        dslab::sim::NemesisConfig nemesis;
        nemesis.restart_all_at_end = false;  // a minority may stay down for good
        faults_then_decide(sim, checkers, nemesis, 2,
                           "a majority up and connected, oracle stable since t=3s");
      });
}

// A cluster with a crashed minority from the start and a stable oracle: the remaining majority
// decides quickly (no fault phase at all).
TEST(Liveness, MajorityDecidesWithMinorityCrashedFromTheStart) {
  Runner runner;
  auto config = [](std::uint64_t seed) {
    dslab::sim::SimConfig c;
    c.nodes = cluster_size(seed);
    return c;
  };
  runner.randomized(
      {.seeds = 2000, .property = "a majority decides with a minority crashed from the start"},
      config, [](Sim& sim, Checkers& checkers) {
        for (NodeId n = 1; n <= (sim.size() - 1) / 2; ++n) sim.crash_at(0, sim.size() - n + 1);
        dslab::sim::OracleConfig stable;
        stable.stabilize_min = stable.stabilize_max = 0;
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable, leader_message);
        schedule_clients(sim, checkers.consensus, dslab::msec(1), 1);
        all_decide_by(sim, checkers.consensus, kLivenessBound,
                      "stable leader and majority from t=0");
      });
}

}  // namespace
}  // namespace lab3::checks
