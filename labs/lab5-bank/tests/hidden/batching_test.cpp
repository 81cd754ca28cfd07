// Lab 5 hidden tests: batching. With batches of up to 4 commands waiting up to 3 ms, every
// property of the unbatched runs holds; under load the leader really batches (fewer slots than
// commands) and never proposes more than the batch size.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab5-bank/tests/common/scenario.hpp"

namespace lab5::checks {
namespace {

using dslab::msec;
using dslab::sec;

TEST(Batching, BatchedReplicasKeepEveryProperty) {
  Runner runner;
  runner.randomized(
      {.seeds = 200, .property = "with batching on, under every log fault and restarts: each "
                                 "request once, in order; every operation answered; history "
                                 "linearizable", .first_seed = 8001},
      bank_config, [](Sim& sim, Checkers& checkers) {
        faults_then_answer(sim, checkers, crash_nemesis(), {.clients = 4, .operations = 6},
                           "all replicas up and log stable since t=1.5s", Configure{4, msec(3)});
      });
}

// A stable log, 8 clients with no think time, batches of up to 8 waiting up to 5 ms.
TEST(Batching, LeaderBatchesUnderLoadWithinTheBatchSize) {
  Runner runner;
  runner.randomized(
      {.seeds = 200, .property = "under load the leader batches: at most half as many command "
                                 "slots as commands, no batch above the batch size",
       .first_seed = 9001},
      bank_config, [](Sim& sim, Checkers& checkers) {
        auto config = log_config();
        config.stabilize_min = config.stabilize_max = 0;
        const Configure settings{8, msec(5)};
        auto log = make_log(sim, checkers, settings, config);
        auto clients = bank_clients(sim, {.clients = 8, .operations = 8, .start = msec(20),
                                          .think = 0});
        std::size_t largest = 0;
        std::size_t slots = 0;
        log->on_decide([&](const Log::Decision& d) {
          largest = std::max(largest, d.value.commands.size());
          if (!d.value.commands.empty()) ++slots;
        });
        if (!answered_by(sim, checkers, *clients, sec(3), "log stable from t=0")) return;
        if (largest > 8) {
          return sim.fail("batching", fmt::format("a batch of {} commands was proposed; the "
                                                  "batch size is 8", largest));
        }
        if (2 * slots > checkers.execution.executed()) {
          return sim.fail("batching",
                          fmt::format("{} commands took {} slots: with 8 clients always waiting "
                                      "and batches of 8 within 5 ms, at most half as many slots",
                                      checkers.execution.executed(), slots));
        }
        require_linearizable(*clients);
      });
}

}  // namespace
}  // namespace lab5::checks
