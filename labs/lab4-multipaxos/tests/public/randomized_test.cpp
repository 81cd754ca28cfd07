// Lab 4 public randomized test: the same machinery as the hidden tests on fewer seeds and milder
// faults (message loss, duplication, delay; crashes, restarts, partitions; no one-way cuts; a
// minority down at a time), so a failing seed, its trace and the replay command show up on your
// own machine. The hidden tests are the stronger set: passing this one is a start, not a grade.
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/common/scenario.hpp"

namespace lab4::checks {
namespace {

TEST(Randomized, LogAgreementAndDeliveryUnderMildFaults) {
  Runner runner;
  dslab::sim::NemesisConfig nemesis;
  nemesis.min_gap = dslab::msec(100);
  nemesis.max_gap = dslab::msec(500);
  nemesis.one_way = false;
  runner.randomized(
      {.seeds = 60, .property = "log agreement, order, validity; every command delivered"},
      faulty_config, [nemesis](Sim& sim, Checkers& checkers) {
        faults_then_deliver(sim, checkers, nemesis, 5,
                            "all replicas restarted and oracle stable since t=3s");
      });
}

}  // namespace
}  // namespace lab4::checks
