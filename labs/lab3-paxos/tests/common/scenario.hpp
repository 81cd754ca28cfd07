// Lab 3 test scaffolding shared by public and hidden tests: the client workload, the leader
// oracle's message, the liveness check, and a fast multi-seed runner with full-trace reports.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "labs/lab3-paxos/tests/common/consensus_checker.hpp"
#include "runtime/sim/oracle.hpp"
#include "runtime/testing/check.hpp"

namespace lab3::checks {

using Message = Protocol::Message;
using Engine = dslab::engine::Engine<Protocol>;

/// Clients resend to every live undecided node this often once the fault phase is over.
inline constexpr dslab::Duration kClientRetry = dslab::msec(200);

/// The leader detector's notification (what the oracle injects).
inline Message leader_message(NodeId leader) { return Leader{leader}; }

/// Cluster size drawn from the seed: 3 or 5.
int cluster_size(std::uint64_t seed);

/// Client workload: `count` requests "v1".."v<count>" at seed-drawn times in [0, until) to
/// seed-drawn nodes; from `until` on, every kClientRetry, a request for one of those values to
/// every live node that has not decided (clients retry until they get an answer).
void schedule_clients(Sim& sim, ConsensusChecker& checker, dslab::Time until, int count);

/// Liveness: runs until every live node has decided; fails the run if that is not so by
/// `deadline`. Then keeps running until `deadline` (safety is still checked). `why` says what
/// the bound is (shown to the student).
bool all_decide_by(Sim& sim, const ConsensusChecker& checker, dslab::Time deadline,
                   const std::string& why);

/// Runs `scenario` on every seed with tracing off (fast), then re-runs the first failing seed
/// with the full trace, through dslab::labkit::for_each_seed, for the report and replay line.
template <class ConfigFn, class ScenarioFn>
::testing::AssertionResult run_seeds(Engine& engine, const std::vector<std::uint64_t>& seeds,
                                     ConfigFn&& config, ScenarioFn&& scenario) {
  auto full = [&](std::uint64_t seed) {
    dslab::sim::SimConfig c = config(seed);
    c.trace = dslab::trace::Level::kFull;
    return c;
  };
  if (dslab::labkit::replaying()) {
    return dslab::labkit::for_each_seed(engine, seeds, full, scenario);
  }
  for (const std::uint64_t seed : seeds) {
    dslab::sim::SimConfig c = config(seed);
    c.seed = seed;
    c.trace = dslab::trace::Level::kOff;
    bool failed = false;
    {
      Sim sim(c, engine);
      scenario(sim);
      failed = sim.failed();
    }
    if (!failed) continue;
    auto report = dslab::labkit::for_each_seed(engine, {seed}, full, scenario);
    if (report) {
      return ::testing::AssertionFailure()
             << "seed " << seed << " failed with tracing off but passed with the full trace "
             << "(the node depends on something outside the node contract)";
    }
    return report;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace lab3::checks
