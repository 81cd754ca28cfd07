// Lab 3 hidden tests: safety (agreement, validity, exactly-once) checked at every output under
// message faults, crashes, restarts and partitions, with an adversarial leader oracle; each run
// ends with a liveness phase so that a node that never decides cannot pass.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/common/scenario.hpp"

namespace lab3::checks {
namespace {

TEST(Safety, AgreementUnderMessageLossDuplicationAndReordering) {
  Runner runner;
  runner.randomized(
      {.seeds = 2000, .property = "agreement, validity, exactly-once under message faults"},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        dslab::sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), leader_message);
        schedule_clients(sim, checkers.consensus, kFaultPhase, 3);
        sim.at(kFaultPhase, "network heals",
               [](Sim& s) { s.set_network(dslab::sim::NetworkConfig::reliable()); });
        all_decide_by(sim, checkers.consensus, kFaultPhase + kLivenessBound,
                      "network reliable and oracle stable since t=3s");
      });
}

TEST(Safety, AgreementUnderCrashesRestartsAndPartitions) {
  Runner runner;
  runner.randomized(
      {.seeds = 2000, .property = "agreement, validity, exactly-once under crashes and partitions"},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        faults_then_decide(sim, checkers, {}, 3,
                           "all nodes up, network healed and oracle stable since t=3s");
      });
}

}  // namespace
}  // namespace lab3::checks
