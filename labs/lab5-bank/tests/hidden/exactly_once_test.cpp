// Lab 5 hidden tests: exactly-once execution. Clients retry fast, the log decides many proposals
// twice (the copy much later, after the client moved on) and tells replicas twice, and the
// leader changes often; a request must still run once at every replica, and a retry of an
// executed request be answered from the reply cache. Also: clients that follow redirects.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab5-bank/tests/common/scenario.hpp"

namespace lab5::checks {
namespace {

using dslab::msec;
using dslab::sec;

// A log that duplicates half the proposals and repeats half its notifications, with retries
// every 15 ms.
dslab::sim::AdversarialLogConfig duplicating_log() {
  auto c = log_config();
  c.duplicate = {1, 2};
  c.tell_twice = {1, 2};
  c.lose = {1, 3};
  return c;
}

TEST(ExactlyOnce, RetriesAndDuplicateDecisionsExecuteOnce) {
  Runner runner;
  runner.randomized(
      {.seeds = 200, .property = "with retries every 15 ms and proposals decided twice, every request "
                                 "runs once at every replica and is answered", .first_seed = 5001},
      bank_config, [](Sim& sim, Checkers& checkers) {
        auto log = make_log(sim, checkers, {}, duplicating_log());
        auto clients = bank_clients(sim, {.operations = 8, .retry_after = msec(15)});
        if (answered_by(sim, checkers, *clients, kFaultPhase + kLivenessBound,
                        "log stable since t=1.5s")) {
          require_linearizable(*clients);
        }
      });
}

// Leader hints change every 5-40 ms until the log stabilises, replicas crash and restart, and
// the clients follow redirects: requests move between leaders while their proposals are in the
// log, so the replica that executes a request is often not the one that proposed it.
TEST(ExactlyOnce, AcrossLeaderChangesAndRestarts) {
  Runner runner;
  runner.randomized(
      {.seeds = 200, .property = "across frequent leader changes and restarts, each request runs "
                                 "once and its retries get the cached reply", .first_seed = 6001},
      bank_config, [](Sim& sim, Checkers& checkers) {
        auto config = duplicating_log();
        config.leader.flap_min = msec(5);
        config.leader.flap_max = msec(40);
        auto log = make_log(sim, checkers, {}, config);
        auto clients = bank_clients(sim, {.operations = 6, .retry_after = msec(20)});
        dslab::sim::NemesisConfig n = crash_nemesis();
        n.until = kFaultPhase;
        dslab::labkit::fault_phase(sim, n);
        if (answered_by(sim, checkers, *clients, kFaultPhase + kLivenessBound,
                        "all replicas up and log stable since t=1.5s")) {
          require_linearizable(*clients);
        }
      });
}

// A log stable from t=0: a client's first send reaches any replica; a non-leader redirects it to
// the leader. No operation takes more than 2 sends.
TEST(Clients, RedirectsTakeEveryClientToTheLeader) {
  Runner runner;
  runner.randomized(
      {.seeds = 200, .property = "a non-leader's Redirect names the leader: at most 2 sends per "
                                 "operation on a stable log", .first_seed = 7001},
      bank_config, [](Sim& sim, Checkers& checkers) {
        auto config = log_config();
        config.stabilize_min = config.stabilize_max = 0;
        auto log = make_log(sim, checkers, {}, config);
        auto clients = bank_clients(sim, {.operations = 10, .start = msec(20)});
        if (!answered_by(sim, checkers, *clients, sec(3), "log stable from t=0")) return;
        if (clients->most_sends_per_answer() > 2) {
          return sim.fail("redirect",
                          fmt::format("an operation took {} sends (at most 2: one to any replica, "
                                      "one to the leader its Redirect names)",
                                      clients->most_sends_per_answer()));
        }
        require_linearizable(*clients);
      });
}

}  // namespace
}  // namespace lab5::checks
