// Lab 4 hidden tests: cost. With a stable leader and no faults, phase 1 runs once (not per
// command) and each command costs at most max_phase2_messages_per_command(n) Accept + Learn
// messages (api/protocol.hpp), counted from the run's typed send events; on a faulty network a
// stated multiple of that; and with the window open, 200 commands are delivered in a time that
// one slot at a time cannot reach.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/common/scenario.hpp"
#include "runtime/testing/counters.hpp"

namespace lab4::checks {
namespace {

using dslab::msec;
using dslab::sec;

constexpr int kCommands = 100;
/// The faulty-network budget: this many times the failure-free Accept + Learn per command.
constexpr std::size_t kFaultyBudget = 2;
/// The faulty-network bound on phase-1 runs (Prepare sent / n) with a leader stable from t=0.
constexpr std::size_t kFaultyPhaseOnes = 4;

void steady_state_cost(Sim& sim, Checkers& checkers) {
  dslab::labkit::MessageCounts<Protocol> sent(sim);
  dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
  const auto leader = static_cast<NodeId>(sim.size());
  for (int i = 1; i <= kCommands; ++i) {
    submit(sim, checkers, msec(20) + i * msec(3), leader, 1, static_cast<std::uint64_t>(i));
  }
  if (!all_delivered_by(sim, checkers, sec(2),
                        [&] { return checkers.log.delivered_command(1, kCommands); },
                        "failure-free, stable leader from t=0")) {
    return;
  }
  const auto n = static_cast<std::size_t>(sim.size());
  if (sent.of(Prepare{}) > n) {
    return sim.fail("complexity",
                    fmt::format("{} Prepare sent for {} commands with one stable leader: phase 1 "
                                "must run once per leadership, not per command ({})",
                                sent.of(Prepare{}), kCommands, sent.describe()));
  }
  const std::size_t phase2 = sent.of(Accept{}) + sent.of(Learn{});
  const auto bound = kCommands * static_cast<std::size_t>(max_phase2_messages_per_command(sim.size()));
  if (phase2 > bound) {
    sim.fail("complexity", fmt::format("{} replicas sent {} Accept + Learn for {} commands; the "
                                       "bound is {} ({})",
                                       sim.size(), phase2, kCommands, bound, sent.describe()));
  }
}

// The same 100 commands on a seed-drawn faulty network (loss and duplication up to 1/5 each,
// latency 0.1-22 ms, delay spikes up to 500 ms), the leader stable from t=0: lost Accepts and
// Learns are resent at Ticks, duplicates answered again, so the budget is kFaultyBudget times
// the failure-free one, and phase 1 may be retried (at most kFaultyPhaseOnes runs) when
// promises are lost. Catches a leader that resends every slot in flight at every Tick or
// re-runs phase 1 without a reason.
void faulty_network_cost(Sim& sim, Checkers& checkers) {
  dslab::labkit::MessageCounts<Protocol> sent(sim);
  dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
  const auto leader = static_cast<NodeId>(sim.size());
  for (int i = 1; i <= kCommands; ++i) {
    submit(sim, checkers, msec(20) + i * msec(3), leader, 1, static_cast<std::uint64_t>(i));
  }
  if (!all_delivered_by(sim, checkers, sec(4),
                        [&] { return checkers.log.delivered_command(1, kCommands); },
                        "stable leader from t=0, message faults only")) {
    return;
  }
  const auto n = static_cast<std::size_t>(sim.size());
  const std::size_t phase2 = sent.of(Accept{}) + sent.of(Learn{});
  const auto per_command = static_cast<std::size_t>(max_phase2_messages_per_command(sim.size()));
  if (sent.of(Prepare{}) > kFaultyPhaseOnes * n) {
    return sim.fail("complexity",
                    fmt::format("{} Prepare sent for {} commands with one stable leader on a "
                                "lossy network: at most {} runs of phase 1 ({})",
                                sent.of(Prepare{}), kCommands, kFaultyPhaseOnes, sent.describe()));
  }
  const auto bound = kFaultyBudget * kCommands * per_command;
  if (phase2 > bound) {
    sim.fail("complexity", fmt::format("{} replicas sent {} Accept + Learn for {} commands on a "
                                       "lossy network; the bound is {} x {} x {} = {} ({})",
                                       sim.size(), phase2, kCommands, kFaultyBudget, kCommands,
                                       per_command, bound, sent.describe()));
  }
}

TEST(Performance, SteadyStateMessagesPerCommandWithinBudget) {
  Runner runner;
  for (int n : {3, 5}) {
    runner.randomized({.seeds = 5, .property = "phase 1 once; at most n + n^2 phase-2 messages "
                                               "per command"},
                      [n](std::uint64_t) { return steady_config(n); }, steady_state_cost);
  }
}

TEST(Performance, MessagesPerCommandWithinBudgetOnAFaultyNetwork) {
  Runner runner;
  runner.randomized({.seeds = 300, .property = "on a lossy, duplicating, slow network: at most "
                                               "2 (n + n^2) phase-2 messages per command"},
                    faulty_network_config, faulty_network_cost);
}

// 200 commands reach the leader at once. A slot takes 2 ms (Accept, then Learn) on this 1 ms
// network: one slot at a time needs 400 ms, a window of kWindow slots about 50 ms.
TEST(Performance, PipelinedThroughputFloor) {
  Runner runner;
  runner.randomized(
      {.seeds = 5, .property = "200 commands delivered within 150 ms with the window open"},
      [](std::uint64_t seed) { return steady_config(cluster_size(seed)); },
      [](Sim& sim, Checkers& checkers) {
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
        const auto leader = static_cast<NodeId>(sim.size());
        for (int i = 1; i <= 200; ++i) {
          submit(sim, checkers, msec(20), leader, 1 + i % 4, static_cast<std::uint64_t>(i));
        }
        dslab::labkit::eventually(
            sim, msec(170), [&] { return checkers.log.delivered(leader) >= 200; },
            "the leader delivers 200 commands submitted at t=20ms within 150 ms (pipelining)",
            [&] { return fmt::format("it delivered {} slots", checkers.log.delivered(leader)); });
      });
}

TEST(Determinism, SameSeedSameTrace) {
  Runner runner;
  runner.deterministic(3, faulty_config, [](Sim& sim, Checkers& checkers) {
    faults_then_deliver(sim, checkers, {}, 4, "stable since t=3s");
  });
}

}  // namespace
}  // namespace lab4::checks
