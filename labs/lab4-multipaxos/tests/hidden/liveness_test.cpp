// Lab 4 hidden tests: liveness. Once a majority is up and connected and the oracle names one
// live leader, every client command is delivered and every live replica catches up within the
// bound, with a minority down for good; and a new leader takes over after the leader crashes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/common/scenario.hpp"

namespace lab4::checks {
namespace {

using dslab::msec;
using dslab::sec;

TEST(Liveness, EveryCommandDeliveredOnceMajorityConnectedAndLeaderStable) {
  Runner runner;
  dslab::sim::NemesisConfig nemesis;
  nemesis.restart_all_at_end = false;  // a minority may stay down for good
  runner.randomized(
      {.seeds = 300, .property = "every command delivered within 4 s once the faults end"},
      faulty_config, [nemesis](Sim& sim, Checkers& checkers) {
        faults_then_deliver(sim, checkers, nemesis, 6,
                            "a majority up and connected, oracle stable since t=3s");
      });
}

// A stable leader serves clients; it crashes at a seed-drawn time; the oracle names another
// live replica, which must take over (phase 1, then the clients' commands) within the bound.
// The clients follow redirects (a client sending each retry to a random replica reaches the
// leader once in n tries: 15 operations of such a client took up to 3 s of retries alone, so
// the bound measured the clients' luck, not the takeover). The reference needs at most 0.57 s
// over 3,000 seeds.
TEST(Liveness, NewLeaderTakesOverAfterLeaderCrash) {
  Runner runner;
  auto config = [](std::uint64_t seed) { return steady_config(cluster_size(seed)); };
  runner.randomized(
      {.seeds = 300, .property = "a new leader serves the clients after the leader crashes"},
      config, [](Sim& sim, Checkers& checkers) {
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
        KvWorkload clients(sim, checkers, 3, 15, msec(200), 0, Routing::kFollowRedirects);
        const auto crash_at = sim.workload_rng().derive("crash").between(msec(20), msec(300));
        sim.crash_at(crash_at, static_cast<NodeId>(sim.size()));  // the oracle's first leader
        if (all_delivered_by(sim, checkers, sec(3), [&] { return clients.done(); },
                             fmt::format("leader n{} crashed at t={}, oracle stable", sim.size(),
                                         dslab::format_time(crash_at)))) {
          clients.require_linearizable();
        }
      });
}

}  // namespace
}  // namespace lab4::checks
