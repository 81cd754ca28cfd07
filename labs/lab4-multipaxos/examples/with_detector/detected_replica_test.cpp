// Runs the composed node (lab 4 replica + lab 2 detector, detected_replica.hpp) in the simulator
// with no oracle: the detector alone elects the leader, also after the leader crashes. Checks
// that the replicas agree on one log holding every command and that every live one has it all.
#include "labs/lab4-multipaxos/examples/with_detector/detected_replica.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "runtime/engine/inprocess.hpp"
#include "runtime/sim/simulator.hpp"

namespace lab4::with_detector {
namespace {

using Sim = dslab::sim::Simulator<Protocol>;
using dslab::msec;

constexpr int kCommands = 40;

// Each replica's delivered log (slot -> command), and the commands delivered anywhere.
struct Logs {
  std::map<NodeId, std::map<Slot, Command>> by_node;
  std::set<std::uint64_t> delivered;
};

Logs logs_of(const Sim& sim) {
  Logs logs;
  for (const auto& record : sim.outputs()) {
    if (const auto* d = std::get_if<Delivered>(&record.output)) {
      logs.by_node[record.node][d->slot] = d->command;
      if (!is_noop(d->command)) logs.delivered.insert(d->command.seq);
    }
  }
  return logs;
}

// Client 1 submits command i at t = 20 ms + 10 ms * i to every live replica (the leader takes it,
// the others redirect), and again every 100 ms until some replica delivers it.
void submit_until_delivered(Sim& sim, std::uint64_t seq) {
  if (logs_of(sim).delivered.count(seq) != 0) return;
  for (NodeId n : sim.live_nodes()) {
    sim.inject_at(sim.now(), n,
                  ReplicaMessage{ClientRequest{Command{1, seq, "c1." + std::to_string(seq)}}});
  }
  sim.at(sim.now() + msec(100), "retry",
         [seq](Sim& s) { submit_until_delivered(s, seq); });
}

TEST(WithDetector, TheLab2DetectorElectsTheLeaderAlsoAfterItCrashes) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    dslab::engine::InProcessEngine<DetectedReplica> engine;
    dslab::sim::SimConfig config;
    config.seed = seed;
    config.nodes = seed % 2 == 0 ? 3 : 5;
    Sim sim(config, engine);
    for (std::uint64_t i = 1; i <= kCommands; ++i) {
      sim.at(msec(20) + msec(10) * static_cast<dslab::Time>(i), "client",
             [i](Sim& s) { submit_until_delivered(s, i); });
    }
    const auto leader = static_cast<NodeId>(config.nodes);  // lab 2 trusts the highest id first
    sim.crash_at(msec(205), leader);
    const bool done = sim.run_until(dslab::sec(5), [&] {
      const Logs logs = logs_of(sim);
      if (logs.delivered.size() < static_cast<std::size_t>(kCommands)) return false;
      std::size_t most = 0;
      for (const auto& [node, log] : logs.by_node) most = std::max(most, log.size());
      for (NodeId n : sim.live_nodes()) {
        const auto it = logs.by_node.find(n);
        if (it == logs.by_node.end() || it->second.size() != most) return false;
      }
      return true;
    });
    ASSERT_FALSE(sim.failed()) << "seed " << seed << ": " << sim.failure()->message;
    const Logs logs = logs_of(sim);
    ASSERT_TRUE(done) << "seed " << seed << ": " << logs.delivered.size() << " of " << kCommands
                      << " commands delivered by 5 s (leader n" << leader << " crashed at 205 ms)";
    for (const auto& [node, log] : logs.by_node) {
      Slot expect = 1;
      for (const auto& [slot, command] : log) {
        EXPECT_EQ(slot, expect++) << "seed " << seed << ": n" << node << " skipped a slot";
        for (const auto& [other, other_log] : logs.by_node) {
          const auto it = other_log.find(slot);
          if (it == other_log.end()) continue;
          EXPECT_TRUE(it->second == command)
              << "seed " << seed << ": n" << node << " and n" << other << " disagree at slot "
              << slot;
        }
      }
    }
  }
}

}  // namespace
}  // namespace lab4::with_detector
