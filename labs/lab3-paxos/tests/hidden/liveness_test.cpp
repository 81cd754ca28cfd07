// Lab 3 hidden tests: liveness. Once a majority is up and connected and the oracle names one
// live leader, every live node decides within kLivenessBound, even with a minority down for good.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/hidden/hidden_common.hpp"

namespace lab3::hidden {
namespace {

using checks::ConsensusChecker;
using checks::Sim;

TEST(Liveness, DecidesWithinBoundOnceMajorityConnectedAndLeaderStable) {
  auto eng = engine();
  EXPECT_TRUE(checks::run_seeds(*eng, labkit::seeds(kSeeds), faulty_config, [](Sim& sim) {
    ConsensusChecker checker(sim);
    sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), checks::leader_message);
    checks::schedule_clients(sim, checker, kFaultPhase, 2);
    sim::NemesisConfig nemesis;
    nemesis.until = kFaultPhase;
    nemesis.restart_all_at_end = false;  // a minority may stay down for good
    sim::schedule_nemesis(sim, nemesis, sim.workload_rng().derive("nemesis"));
    checks::all_decide_by(sim, checker, kFaultPhase + kLivenessBound,
                          "a majority up and connected, oracle stable since t=3s");
  }));
}

// A cluster with a crashed minority from the start and a stable oracle: the remaining majority
// decides quickly (no fault phase at all).
TEST(Liveness, MajorityDecidesWithMinorityCrashedFromTheStart) {
  auto eng = engine();
  auto config = [](std::uint64_t seed) {
    sim::SimConfig c;
    c.nodes = checks::cluster_size(seed);
    return c;
  };
  EXPECT_TRUE(checks::run_seeds(*eng, labkit::seeds(kSeeds), config, [](Sim& sim) {
    ConsensusChecker checker(sim);
    for (NodeId n = 1; n <= (sim.size() - 1) / 2; ++n) sim.crash_at(0, sim.size() - n + 1);
    sim::OracleConfig stable;
    stable.stabilize_min = stable.stabilize_max = 0;
    sim::LeaderOracle<Protocol> oracle(sim, stable, checks::leader_message);
    checks::schedule_clients(sim, checker, msec(1), 1);
    checks::all_decide_by(sim, checker, kLivenessBound, "stable leader and majority from t=0");
  }));
}

}  // namespace
}  // namespace lab3::hidden
