// Lab 4 hidden tests: catch-up. A replica down (or cut off) while many slots are decided must,
// once back, deliver every one of them within the bound, from its peers (the leader's window
// and phase 1 never cover slots every other replica has delivered), on a reliable network and
// on a faulty one.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/common/scenario.hpp"

namespace lab4::checks {
namespace {

using dslab::msec;
using dslab::sec;

constexpr int kCommands = 150;
/// On a faulty network, a restarted replica has caught up this long after its restart.
constexpr dslab::Duration kFaultyCatchUp = dslab::sec(3);

// The leader (the highest id) gets kCommands commands while n1 is down; then n1 restarts at
// 500 ms and no more commands come: n1 must ask for what it missed, and deliver it by `deadline`.
void missed_while_down(Sim& sim, Checkers& checkers, dslab::Time deadline) {
  dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
  sim.crash_at(msec(5), 1);
  for (int i = 1; i <= kCommands; ++i) {
    submit(sim, checkers, msec(20) + i * dslab::usec(500), static_cast<NodeId>(sim.size()), 1,
           static_cast<std::uint64_t>(i));
  }
  sim.restart_at(msec(500), 1);
  all_delivered_by(
      sim, checkers, deadline, [&] { return checkers.log.delivered(1) >= kCommands; },
      fmt::format("n1 restarted at t=500ms after missing {} commands", kCommands));
}

TEST(CatchUp, RestartedReplicaCatchesUpOnManySlots) {
  Runner runner;
  runner.randomized({.seeds = 20, .property = "a restarted replica delivers every slot it missed"},
                    [](std::uint64_t seed) { return steady_config(cluster_size(seed)); },
                    [](Sim& sim, Checkers& checkers) { missed_while_down(sim, checkers, sec(2)); });
}

// The same on a seed-drawn faulty network (loss and duplication up to 1/5 each, latency up to
// 22 ms, delay spikes up to 500 ms): CatchUp and Decisions can be lost too, so n1 must keep
// asking (every Tick) until it has everything; kFaultyCatchUp after the restart.
TEST(CatchUp, RestartedReplicaCatchesUpOnAFaultyNetwork) {
  Runner runner;
  runner.randomized(
      {.seeds = 300, .property = "on a lossy, duplicating, slow network, a restarted replica "
                                 "delivers every slot it missed"},
      faulty_network_config, [](Sim& sim, Checkers& checkers) {
        missed_while_down(sim, checkers, msec(500) + kFaultyCatchUp);
      });
}

// n1 is cut off from everyone while the commands are decided, then the partition heals.
TEST(CatchUp, PartitionedReplicaCatchesUpAfterHeal) {
  Runner runner;
  runner.randomized(
      {.seeds = 20, .property = "a replica cut off while slots were decided catches up"},
      [](std::uint64_t seed) { return steady_config(cluster_size(seed)); },
      [](Sim& sim, Checkers& checkers) {
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
        std::set<NodeId> rest;
        for (NodeId n = 2; n <= sim.size(); ++n) rest.insert(n);
        sim.partition_at(msec(5), {{1}, rest});
        for (int i = 1; i <= kCommands; ++i) {
          submit(sim, checkers, msec(20) + i * dslab::usec(500), static_cast<NodeId>(sim.size()),
                 1, static_cast<std::uint64_t>(i));
        }
        sim.heal_at(msec(500));
        all_delivered_by(
            sim, checkers, sec(2), [&] { return checkers.log.delivered(1) >= kCommands; },
            fmt::format("n1 cut off until t=500ms while {} commands were decided", kCommands));
      });
}

// Every replica crashes and restarts at once after the commands: decisions, the delivery point
// and acceptor state come back from stable storage; nothing is delivered twice or lost.
TEST(CatchUp, WholeClusterRestartKeepsTheLog) {
  Runner runner;
  runner.randomized(
      {.seeds = 20, .property = "after a whole-cluster restart the log continues where it was"},
      [](std::uint64_t seed) { return steady_config(cluster_size(seed)); },
      [](Sim& sim, Checkers& checkers) {
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
        const auto leader = static_cast<NodeId>(sim.size());
        for (int i = 1; i <= 40; ++i) {
          submit(sim, checkers, msec(20) + i * dslab::usec(300), leader, 1,
                 static_cast<std::uint64_t>(i));
        }
        const auto crash = sim.workload_rng().derive("crash").between(msec(22), msec(60));
        for (NodeId n : sim.nodes()) sim.crash_at(crash, n);
        for (NodeId n : sim.nodes()) sim.restart_at(crash + msec(10), n);
        for (int i = 41; i <= 60; ++i) {
          submit(sim, checkers, msec(400) + i * dslab::usec(300), leader, 1,
                 static_cast<std::uint64_t>(i));
        }
        all_delivered_by(
            sim, checkers, sec(2),
            [&] { return checkers.log.delivered_command(1, 60); },
            fmt::format("every replica crashed at t={} and restarted 10 ms later",
                        dslab::format_time(crash)));
      });
}

}  // namespace
}  // namespace lab4::checks
