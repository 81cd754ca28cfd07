// Lab 5 public randomized test: the same machinery as the hidden tests on fewer seeds and without
// crashes: the framework's adversarial log (lost, duplicated, late and reordered decisions, no-op
// slots, wrong leader hints until it stabilises), three clients that retry. A failing seed, its
// trace and the replay command show up on your own machine. The hidden tests are the stronger
// set: passing this one is a start, not a grade.
#include <gtest/gtest.h>

#include "labs/lab5-bank/tests/common/scenario.hpp"

namespace lab5::checks {
namespace {

TEST(Randomized, BankOnAnAdversarialLog) {
  Runner runner;
  runner.randomized(
      {.seeds = 40, .property = "each request executed once, in slot order, with the bank's "
                                "result; every operation answered; history linearizable"},
      bank_config, [](Sim& sim, Checkers& checkers) {
        faults_then_answer(sim, checkers, no_nemesis(), {.operations = 6},
                           "log stable since t=1.5s");
      });
}

}  // namespace
}  // namespace lab5::checks
