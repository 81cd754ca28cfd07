// Lab 3 hidden tests: crash-recovery. Two scripted runs (fixed 1 ms latency, no randomness that
// matters) in which an acceptor that forgets, across a restart, what it accepted or what it
// promised lets two different values be chosen; plus frequent random crash-restarts.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/common/scenario.hpp"

namespace lab3::checks {
namespace {

using dslab::msec;
using dslab::sec;
using dslab::usec;
using dslab::labkit::fixed_latency;
using dslab::labkit::network_window;
using dslab::labkit::repartition_at;

// n1 gets "a" chosen by {n1, n2} in round 1 while n3 is cut off; n2 crashes and restarts; then
// n3, cut off from n1, runs round 3 with n2. A correct n2 reports (1, "a") in its promise, so n3
// proposes "a". An n2 that forgot its accepted value lets n3 choose "b": n1 and n3 disagree.
TEST(CrashRecovery, RestartedAcceptorKeepsItsAcceptedValue) {
  Runner runner;
  runner.scripted(scripted_config(3), [](Sim& sim, Checkers& checkers) {
    sim.partition_at(0, {{1, 2}, {3}});
    propose(sim, checkers.consensus, 0, 1, "a");
    sim.crash_at(msec(10), 2);
    sim.restart_at(msec(20), 2);
    repartition_at(sim, msec(30), {{1}, {2, 3}});
    propose(sim, checkers.consensus, msec(30), 3, "b");
    sim.heal_at(msec(150));
    all_decide_by(sim, checkers.consensus, sec(2), "healed at t=150ms, no more faults");
  });
}

// n1 gets promises for round 1 from {n1, n2}; its Accept(1, "a") is held in flight (arrives at
// ~62 ms). Meanwhile n3 (cut off from n1) gets n2's promise for round 3, and its Accept(3, "b") is
// held until ~107 ms. n2 crashes and restarts at 20/30 ms. A correct n2 remembers promise 3,
// refuses Accept(1, "a"), and "b" is chosen. An n2 that forgot the promise accepts (1, "a"),
// which makes n1 decide "a", then accepts (3, "b"), which makes n3 decide "b".
TEST(CrashRecovery, RestartedAcceptorKeepsItsPromise) {
  Runner runner;
  runner.scripted(scripted_config(3), [](Sim& sim, Checkers& checkers) {
    sim.partition_at(0, {{1, 2}, {3}});
    propose(sim, checkers.consensus, 0, 1, "a");
    // n1's Accept(1, "a"), sent at 2 ms, is held back.
    network_window(sim, usec(1500), usec(2500), fixed_latency(msec(60)));
    sim.at(msec(5), "cut n1<->n3", [](Sim& s) {
      s.heal();
      s.block(1, 3);
      s.block(3, 1);
    });
    propose(sim, checkers.consensus, msec(5), 3, "b");
    // n3's Accept(3, "b"), sent at 7 ms, is held back.
    network_window(sim, usec(6500), usec(7500), fixed_latency(msec(100)));
    sim.crash_at(msec(20), 2);
    sim.restart_at(msec(30), 2);
    sim.heal_at(msec(150));
    all_decide_by(sim, checkers.consensus, sec(2), "healed at t=150ms, no more faults");
  });
}

// Random crashes and restarts every 20-150 ms (a minority down at a time) on a lossy network.
TEST(CrashRecovery, FrequentCrashRestartsKeepAgreement) {
  Runner runner;
  runner.randomized(
      {.seeds = 2000, .property = "agreement under crash-restarts every 20-150 ms"},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        dslab::sim::NemesisConfig nemesis;
        nemesis.min_gap = msec(20);
        nemesis.max_gap = msec(150);
        nemesis.partitions = false;
        nemesis.one_way = false;
        faults_then_decide(sim, checkers, nemesis, 3,
                           "all nodes restarted and oracle stable since t=3s");
      });
}

}  // namespace
}  // namespace lab3::checks
