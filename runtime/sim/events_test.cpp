// The typed run events agree with the trace: every send with its fate, every delivery, every
// drop (at send time and on arrival), outputs, crashes and restarts.
#include <gtest/gtest.h>

#include <map>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/sim/simulator.hpp"

namespace dslab::sim {
namespace {
using examples::ping::PingNode;
using PingProtocol = examples::ping::Protocol;
using Engine = engine::InProcessEngine<PingNode>;

std::size_t count(const Simulator<PingProtocol>& sim, trace::Kind kind) {
  std::size_t n = 0;
  for (const auto& e : sim.trace().events()) n += e.kind == kind ? 1 : 0;
  return n;
}

TEST(RunEvents, SendsDeliveriesAndDropsMatchTheTrace) {
  Engine engine;
  SimConfig c;
  c.network.drop = {1, 5};
  c.network.duplicate = {1, 5};
  Simulator<PingProtocol> sim(c, engine);
  std::map<Fate, std::size_t> fates;
  std::map<DropReason, std::size_t> drops;
  std::size_t delivered = 0, duplicated = 0, outputs = 0;
  sim.run_events().on_send([&](const SendEvent<PingProtocol>& e) {
    ++fates[e.fate];
    duplicated += e.duplicated ? 1 : 0;
    EXPECT_NE(e.from, e.to);
  });
  sim.run_events().on_deliver([&](const DeliverEvent<PingProtocol>&) { ++delivered; });
  sim.run_events().on_drop([&](const DropEvent<PingProtocol>& e) { ++drops[e.reason]; });
  sim.run_events().on_output([&](const OutputEvent<PingProtocol>&) { ++outputs; });
  sim.crash_at(sec(1), 2);
  sim.restart_at(sec(2), 2);
  sim.partition_at(sec(3), {{1}, {2, 3}});
  sim.run_until(sec(4));
  EXPECT_EQ(fates[Fate::kInFlight], count(sim, trace::Kind::kSend));
  EXPECT_EQ(duplicated, count(sim, trace::Kind::kDuplicate));
  EXPECT_EQ(delivered, count(sim, trace::Kind::kDeliver));
  EXPECT_EQ(outputs, count(sim, trace::Kind::kOutput));
  EXPECT_EQ(fates[Fate::kLost], drops[DropReason::kLost]);
  EXPECT_GT(drops[DropReason::kLost], 0u);
  EXPECT_GT(drops[DropReason::kPartitioned], 0u);
  std::size_t all_drops = 0;
  for (const auto& [reason, n] : drops) all_drops += n;
  EXPECT_EQ(all_drops, count(sim, trace::Kind::kDrop));
}

TEST(RunEvents, CrashAndRestartCarryTheNodeAndItsStorage) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  std::vector<std::pair<Time, NodeId>> crashes, restarts;
  sim.run_events().on_crash([&](const CrashEvent& e) { crashes.emplace_back(e.time, e.node); });
  sim.run_events().on_restart([&](const RestartEvent& e) {
    restarts.emplace_back(e.time, e.node);
    EXPECT_EQ(&e.storage, &sim.storage(e.node));
  });
  sim.crash_at(msec(100), 3);
  sim.crash_at(msec(150), 3);  // already down: no second event
  sim.restart_at(msec(300), 3);
  sim.run_until(msec(400));
  EXPECT_EQ(crashes, (std::vector<std::pair<Time, NodeId>>{{msec(100), 3}}));
  EXPECT_EQ(restarts, (std::vector<std::pair<Time, NodeId>>{{msec(300), 3}}));
}

TEST(RunEvents, MessagesToADownNodeAreDroppedOnArrival) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  std::size_t down = 0;
  sim.run_events().on_drop([&](const DropEvent<PingProtocol>& e) {
    if (e.reason == DropReason::kDown) {
      EXPECT_EQ(e.to, 2);
      ++down;
    }
  });
  sim.crash_at(msec(100), 2);
  sim.run_until(msec(500));
  EXPECT_GT(down, 0u);
}

}  // namespace
}  // namespace dslab::sim
