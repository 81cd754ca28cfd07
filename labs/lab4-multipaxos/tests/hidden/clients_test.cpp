// Lab 4 hidden tests: clients that follow redirects. Each client sends to one replica, follows
// its Redirect to the leader it names (to the next replica in turn when it names nobody or
// itself), and on a 20 ms timeout tries the next replica (runtime/testing/clients.hpp). A
// replica that redirects wrongly, or not at all, costs the clients extra sends or their answers.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/common/scenario.hpp"

namespace lab4::checks {
namespace {

using dslab::msec;
using dslab::sec;

// Failure-free, the oracle correct from t=0: a client's first send reaches any replica; a
// non-leader redirects it to the leader, which it keeps to. No operation takes more than 2 sends
// (a wrong or missing redirect takes 3 or more: the next in turn, or a 20 ms timeout).
TEST(Clients, RedirectsTakeEveryClientToTheLeader) {
  Runner runner;
  runner.randomized(
      {.seeds = 300, .property = "a non-leader's Redirect names the leader: at most 2 sends per "
                                 "operation, failure-free"},
      [](std::uint64_t seed) { return steady_config(cluster_size(seed)); },
      [](Sim& sim, Checkers& checkers) {
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
        KvWorkload clients(sim, checkers, 3, 15, msec(200), msec(50), Routing::kFollowRedirects);
        if (!all_delivered_by(sim, checkers, sec(2), [&] { return clients.done(); },
                              "failure-free, leader stable from t=0, clients from t=50ms")) {
          return;
        }
        if (clients.most_sends_per_answer() > 2) {
          return sim.fail("redirect",
                          fmt::format("an operation took {} sends (at most 2: one to any replica, "
                                      "one to the leader its Redirect names); a non-leader must "
                                      "answer Redirect{{client, seq, leader}} with the leader it "
                                      "was told of",
                                      clients.most_sends_per_answer()));
        }
        clients.require_linearizable();
      });
}

// The leader crashes at a seed-drawn time; clients kept to it time out, try the next replica in
// turn, and follow its Redirect to the oracle's new leader.
TEST(Clients, RedirectFollowingClientsFindTheNewLeaderAfterACrash) {
  Runner runner;
  runner.randomized(
      {.seeds = 300, .property = "clients following redirects are served by the new leader"},
      [](std::uint64_t seed) { return steady_config(cluster_size(seed)); },
      [](Sim& sim, Checkers& checkers) {
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
        KvWorkload clients(sim, checkers, 3, 15, msec(200), 0, Routing::kFollowRedirects);
        const auto crash_at = sim.workload_rng().derive("crash").between(msec(20), msec(300));
        sim.crash_at(crash_at, static_cast<NodeId>(sim.size()));
        if (all_delivered_by(sim, checkers, sec(3), [&] { return clients.done(); },
                             fmt::format("leader n{} crashed at t={}, oracle stable", sim.size(),
                                         dslab::format_time(crash_at)))) {
          clients.require_linearizable();
        }
      });
}

// Every fault kind with the adversarial oracle, the clients following redirects (wrong ones
// too, while the oracle lies): every operation answered after the heal, history linearizable.
TEST(Clients, RedirectFollowingClientsUnderFaults) {
  Runner runner;
  runner.randomized(
      {.seeds = 300, .property = "clients following redirects: log safe, every operation "
                                 "answered, history linearizable", .first_seed = 2001},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        faults_then_deliver(sim, checkers, {}, 8,
                            "all replicas up, network healed and oracle stable since t=3s",
                            Routing::kFollowRedirects);
      });
}

}  // namespace
}  // namespace lab4::checks
