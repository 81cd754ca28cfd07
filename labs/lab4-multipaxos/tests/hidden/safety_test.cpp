// Lab 4 hidden tests: safety of the log (agreement per slot, in-order gap-free delivery once
// per replica, validity) checked at every output under message faults, crashes, restarts and
// partitions with an adversarial leader oracle; each run ends with a liveness phase and the
// linearizability of the clients' history, so a replica that does nothing cannot pass.
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/common/scenario.hpp"

namespace lab4::checks {
namespace {

TEST(Safety, LogAgreementUnderMessageLossDuplicationAndReordering) {
  Runner runner;
  dslab::sim::NemesisConfig nemesis;
  nemesis.crashes = nemesis.restarts = nemesis.partitions = nemesis.one_way = false;
  runner.randomized(
      {.seeds = 300, .property = "log agreement, order, validity under message faults"},
      faulty_config, [nemesis](Sim& sim, Checkers& checkers) {
        faults_then_deliver(sim, checkers, nemesis, 6,
                            "network reliable and oracle stable since t=3s");
      });
}

TEST(Safety, LogAgreementUnderCrashesRestartsAndPartitions) {
  Runner runner;
  runner.randomized(
      {.seeds = 300, .property = "log agreement, order, validity under crashes and partitions"},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        faults_then_deliver(sim, checkers, {}, 6,
                            "all replicas up, network healed and oracle stable since t=3s");
      });
}

TEST(Safety, FrequentCrashRestartsKeepTheLog) {
  Runner runner;
  dslab::sim::NemesisConfig nemesis;
  nemesis.min_gap = dslab::msec(20);
  nemesis.max_gap = dslab::msec(150);
  nemesis.partitions = nemesis.one_way = false;
  runner.randomized(
      {.seeds = 300, .property = "log agreement under crash-restarts every 20-150 ms"},
      faulty_config, [nemesis](Sim& sim, Checkers& checkers) {
        faults_then_deliver(sim, checkers, nemesis, 6,
                            "all replicas restarted and oracle stable since t=3s");
      });
}

TEST(Linearizability, ClientHistoriesAreLinearizableUnderFaults) {
  Runner runner;
  runner.randomized(
      {.seeds = 300, .property = "the clients' key-value history is linearizable", .first_seed = 1001},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        faults_then_deliver(sim, checkers, {}, 10,
                            "all replicas up, network healed and oracle stable since t=3s");
      });
}

}  // namespace
}  // namespace lab4::checks
