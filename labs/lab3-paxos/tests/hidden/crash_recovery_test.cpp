// Lab 3 hidden tests: crash-recovery. Two scripted runs (fixed 1 ms latency, no randomness that
// matters) in which an acceptor that forgets, across a restart, what it accepted or what it
// promised lets two different values be chosen; plus frequent random crash-restarts.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/hidden/hidden_common.hpp"

namespace lab3::hidden {
namespace {

using checks::ConsensusChecker;
using checks::Sim;

sim::SimConfig three_nodes(std::uint64_t) { return scripted_config(3); }

// n1 gets "a" chosen by {n1, n2} in round 1 while n3 is cut off; n2 crashes and restarts; then
// n3, cut off from n1, runs round 3 with n2. A correct n2 reports (1, "a") in its promise, so n3
// proposes "a". An n2 that forgot its accepted value lets n3 choose "b": n1 and n3 disagree.
TEST(CrashRecovery, RestartedAcceptorKeepsItsAcceptedValue) {
  auto eng = engine();
  EXPECT_TRUE(checks::run_seeds(*eng, {1}, three_nodes, [](Sim& sim) {
    ConsensusChecker checker(sim);
    sim.partition_at(0, {{1, 2}, {3}});
    propose(sim, checker, 0, 1, "a");
    sim.crash_at(msec(10), 2);
    sim.restart_at(msec(20), 2);
    repartition_at(sim, msec(30), {{1}, {2, 3}});
    propose(sim, checker, msec(30), 3, "b");
    sim.heal_at(msec(150));
    checks::all_decide_by(sim, checker, sec(2), "healed at t=150ms, no more faults");
  }));
}

// n1 gets promises for round 1 from {n1, n2}; its Accept(1, "a") is held in flight (arrives at
// ~62 ms). Meanwhile n3 (cut off from n1) gets n2's promise for round 3, and its Accept(3, "b") is
// held until ~107 ms. n2 crashes and restarts at 20/30 ms. A correct n2 remembers promise 3,
// refuses Accept(1, "a"), and "b" is chosen. An n2 that forgot the promise accepts (1, "a"),
// which makes n1 decide "a", then accepts (3, "b"), which makes n3 decide "b".
TEST(CrashRecovery, RestartedAcceptorKeepsItsPromise) {
  auto eng = engine();
  EXPECT_TRUE(checks::run_seeds(*eng, {1}, three_nodes, [](Sim& sim) {
    ConsensusChecker checker(sim);
    sim.partition_at(0, {{1, 2}, {3}});
    propose(sim, checker, 0, 1, "a");
    network_window(sim, usec(1500), usec(2500), fixed_latency(msec(60)));  // n1's Accept(1, "a"), sent at 2 ms
    sim.at(msec(5), "cut n1<->n3", [](Sim& s) {
      s.heal();
      s.block(1, 3);
      s.block(3, 1);
    });
    propose(sim, checker, msec(5), 3, "b");
    network_window(sim, usec(6500), usec(7500), fixed_latency(msec(100)));  // n3's Accept(3, "b"), sent at 7 ms
    sim.crash_at(msec(20), 2);
    sim.restart_at(msec(30), 2);
    sim.heal_at(msec(150));
    checks::all_decide_by(sim, checker, sec(2), "healed at t=150ms, no more faults");
  }));
}

// Random crashes and restarts every 20-150 ms (a minority down at a time) on a lossy network.
TEST(CrashRecovery, FrequentCrashRestartsKeepAgreement) {
  auto eng = engine();
  EXPECT_TRUE(checks::run_seeds(*eng, labkit::seeds(kSeeds), faulty_config, [](Sim& sim) {
    ConsensusChecker checker(sim);
    sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), checks::leader_message);
    checks::schedule_clients(sim, checker, kFaultPhase, 3);
    sim::NemesisConfig nemesis;
    nemesis.until = kFaultPhase;
    nemesis.min_gap = msec(20);
    nemesis.max_gap = msec(150);
    nemesis.partitions = false;
    nemesis.one_way = false;
    sim::schedule_nemesis(sim, nemesis, sim.workload_rng().derive("nemesis"));
    checks::all_decide_by(sim, checker, kFaultPhase + kLivenessBound,
                          "all nodes restarted and oracle stable since t=3s");
  }));
}

}  // namespace
}  // namespace lab3::hidden
