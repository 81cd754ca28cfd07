// Lab 3 public randomized test: the same machinery as the hidden tests on fewer seeds and milder
// faults (message loss, duplication, delay; crashes, restarts, partitions; no one-way cuts; a
// minority down at a time), so a failing
// seed, its trace and the replay command show up on your own machine. The hidden tests are the
// stronger set: passing this one is a start, not a grade.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/common/scenario.hpp"

namespace lab3::checks {
namespace {

TEST(Randomized, AgreementAndDecisionUnderMildFaults) {
  Runner runner;
  runner.randomized(
      {.seeds = 100, .property = "agreement, validity, exactly-once; every live node decides"},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        dslab::sim::NemesisConfig nemesis;
        nemesis.min_gap = dslab::msec(100);
        nemesis.max_gap = dslab::msec(500);
        nemesis.one_way = false;
        faults_then_decide(sim, checkers, nemesis, 2,
                           "all nodes restarted and oracle stable since t=3s");
      });
}

}  // namespace
}  // namespace lab3::checks
