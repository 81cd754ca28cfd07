// Lab 3 hidden tests: safety (agreement, validity, exactly-once) checked at every output under
// message faults, crashes, restarts and partitions, with an adversarial leader oracle; each run
// ends with a liveness phase so that a node that never decides cannot pass.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/hidden/hidden_common.hpp"

namespace lab3::hidden {
namespace {

using checks::ConsensusChecker;
using checks::Sim;

TEST(Safety, AgreementUnderMessageLossDuplicationAndReordering) {
  auto eng = engine();
  EXPECT_TRUE(checks::run_seeds(*eng, labkit::seeds(kSeeds), faulty_config, [](Sim& sim) {
    ConsensusChecker checker(sim);
    sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), checks::leader_message);
    checks::schedule_clients(sim, checker, kFaultPhase, 3);
    sim.at(kFaultPhase, "network heals",
           [](Sim& s) { s.set_network(sim::NetworkConfig::reliable()); });
    checks::all_decide_by(sim, checker, kFaultPhase + kLivenessBound,
                          "network reliable and oracle stable since t=3s");
  }));
}

TEST(Safety, AgreementUnderCrashesRestartsAndPartitions) {
  auto eng = engine();
  EXPECT_TRUE(checks::run_seeds(*eng, labkit::seeds(kSeeds), faulty_config, [](Sim& sim) {
    ConsensusChecker checker(sim);
    sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), checks::leader_message);
    checks::schedule_clients(sim, checker, kFaultPhase, 3);
    sim::NemesisConfig nemesis;
    nemesis.until = kFaultPhase;
    sim::schedule_nemesis(sim, nemesis, sim.workload_rng().derive("nemesis"));
    checks::all_decide_by(sim, checker, kFaultPhase + kLivenessBound,
                          "all nodes up, network healed and oracle stable since t=3s");
  }));
}

}  // namespace
}  // namespace lab3::hidden
