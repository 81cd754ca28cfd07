// Every fault kind of the simulator, each seen as a named decision in the trace.
#include <gtest/gtest.h>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/sim/simulator.hpp"

namespace dslab::sim {
namespace {
using examples::ping::PingNode;
using PingProtocol = examples::ping::Protocol;
using Engine = engine::InProcessEngine<PingNode>;

std::size_t count(const Simulator<PingProtocol>& sim, trace::Kind kind,
                  const std::string& decision_prefix = "") {
  std::size_t n = 0;
  for (const auto& e : sim.trace().events()) {
    if (e.kind == kind && e.decision.rfind(decision_prefix, 0) == 0) ++n;
  }
  return n;
}

TEST(Faults, DropRatioLosesAboutThatShareOfMessages) {
  Engine engine;
  SimConfig c;
  c.network.drop = {1, 4};
  Simulator<PingProtocol> sim(c, engine);
  sim.run_until(sec(5));
  const double lost = static_cast<double>(count(sim, trace::Kind::kDrop, "lost"));
  const double sent = lost + static_cast<double>(count(sim, trace::Kind::kSend));
  EXPECT_GT(lost / sent, 0.20);
  EXPECT_LT(lost / sent, 0.30);
}

TEST(Faults, ReliableNetworkNeverDrops) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.run_until(sec(1));
  EXPECT_EQ(count(sim, trace::Kind::kDrop), 0u);
  EXPECT_EQ(count(sim, trace::Kind::kDuplicate), 0u);
}

TEST(Faults, DuplicatesDeliverASecondCopy) {
  Engine engine;
  SimConfig c;
  c.network.duplicate = {1, 2};
  Simulator<PingProtocol> sim(c, engine);
  sim.run_until(sec(1));
  const auto dups = count(sim, trace::Kind::kDuplicate);
  EXPECT_GT(dups, 50u);
  EXPECT_GT(count(sim, trace::Kind::kDeliver), count(sim, trace::Kind::kSend));
}

TEST(Faults, DelaySpikesReorderMessages) {
  Engine engine;
  SimConfig c;
  c.network.spike = {1, 3};
  c.network.spike_max = msec(100);
  Simulator<PingProtocol> sim(c, engine);
  sim.run_until(sec(2));
  EXPECT_GT(count(sim, trace::Kind::kSend, "delay"), 0u);
  std::size_t spikes = 0;
  for (const auto& e : sim.trace().events()) spikes += e.decision.find("(spike)") != std::string::npos;
  EXPECT_GT(spikes, 10u);
  // A spiked ping overtaken by the tick's retransmission arrives after a newer one: stale pongs.
  std::map<NodeId, std::uint64_t> last_seq;
  bool reordered = false;
  for (const auto& e : sim.trace().events()) {
    if (e.kind != trace::Kind::kDeliver || e.what.rfind("Ping(", 0) != 0) continue;
    const auto seq = e.json["seq"].get<std::uint64_t>();
    const NodeId link = e.peer * 100 + e.node;
    reordered |= seq < last_seq[link];
    last_seq[link] = std::max(last_seq[link], seq);
  }
  EXPECT_TRUE(reordered);
}

TEST(Faults, SymmetricPartitionCutsBothDirectionsUntilHealed) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.partition_at(msec(100), {{1}, {2, 3}});
  sim.heal_at(msec(600));
  sim.run_until(msec(600) - 1);
  const auto before = sim.outputs().size();
  for (const auto& r : sim.outputs()) {
    if (r.time > msec(150)) {
      const auto peer = std::get<examples::ping::RoundTrip>(r.output).peer;
      EXPECT_FALSE((r.node == 1) != (peer == 1)) << "round trip across the partition at " << r.time;
    }
  }
  EXPECT_GT(count(sim, trace::Kind::kDrop, "partitioned"), 0u);
  sim.run_until(sec(2));
  bool crossed_after_heal = false;
  for (std::size_t i = before; i < sim.outputs().size(); ++i) {
    const auto& r = sim.outputs()[i];
    crossed_after_heal |= (r.node == 1) != (std::get<examples::ping::RoundTrip>(r.output).peer == 1);
  }
  EXPECT_TRUE(crossed_after_heal);
}

TEST(Faults, OneWayBlockLetsTheOtherDirectionThrough) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.at(0, "block", [](Simulator<PingProtocol>& s) { s.block(1, 2); });
  sim.run_until(sec(1));
  std::size_t delivered_2_to_1 = 0, delivered_1_to_2 = 0;
  for (const auto& e : sim.trace().events()) {
    if (e.kind != trace::Kind::kDeliver) continue;
    delivered_2_to_1 += e.peer == 2 && e.node == 1;
    delivered_1_to_2 += e.peer == 1 && e.node == 2;
  }
  EXPECT_EQ(delivered_1_to_2, 0u);
  EXPECT_GT(delivered_2_to_1, 0u);  // pings from 2 reach 1 (their pongs are then cut)
}

/// Sends `kSelfPings` pings to itself at start and nothing else (for the self-message faults).
class SelfPinger {
 public:
  using Protocol = PingProtocol;
  static constexpr std::uint64_t kSelfPings = 400;
  void on_start(node::Context<Protocol>& ctx) {
    for (std::uint64_t i = 1; i <= kSelfPings; ++i) ctx.send(ctx.self(), examples::ping::Ping{i});
  }
  void on_message(node::Context<Protocol>&, NodeId, const Protocol::Message&) {}
  void on_timer(node::Context<Protocol>&, const Protocol::Timer&) {}
  DSLAB_STATE(SelfPinger)
};

TEST(Faults, SelfAddressedMessagesAreReliableUnlessATestAsksForFaults) {
  for (const bool faulty_self : {false, true}) {
    engine::InProcessEngine<SelfPinger> engine;
    SimConfig c;
    c.nodes = 1;
    c.network.drop = {1, 4};
    c.network.spike = {1, 4};
    c.network.faulty_self = faulty_self;
    Simulator<PingProtocol> sim(c, engine);
    sim.run_until(sec(1));
    const auto lost = count(sim, trace::Kind::kDrop, "lost");
    const auto delivered = count(sim, trace::Kind::kDeliver);
    if (!faulty_self) {
      EXPECT_EQ(lost, 0u);
      EXPECT_EQ(delivered, SelfPinger::kSelfPings);
      EXPECT_EQ(count(sim, trace::Kind::kSend, "self"), SelfPinger::kSelfPings);
    } else {
      EXPECT_GT(lost, SelfPinger::kSelfPings / 8);   // about a quarter
      EXPECT_LT(lost, SelfPinger::kSelfPings * 3 / 8);
      EXPECT_EQ(lost + delivered, SelfPinger::kSelfPings);
      EXPECT_GT(count(sim, trace::Kind::kSend, "delay"), 0u);
    }
  }
}

TEST(Faults, CrashedNodeReceivesNothingAndItsTimersStop) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.crash_at(msec(200), 3);
  sim.run_until(sec(2));
  EXPECT_FALSE(sim.is_up(3));
  for (const auto& e : sim.trace().events()) {
    if (e.time > msec(200)) {
      EXPECT_FALSE(e.node == 3 && (e.kind == trace::Kind::kDeliver || e.kind == trace::Kind::kTimer))
          << trace::kind_name(e.kind) << " at n3 after its crash";
    }
  }
  EXPECT_GT(count(sim, trace::Kind::kDrop, "n3 is down"), 0u);
  EXPECT_EQ(sim.live_nodes(), (std::vector<NodeId>{1, 2}));
}

TEST(Faults, RestartRecoversStableStorageButNotMemory) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.crash_at(sec(2), 1);
  sim.run_until(sec(2));
  const auto stored = node::Storage(const_cast<node::StorageMap&>(sim.storage(1)))
                          .get<std::uint64_t>("round_trips");
  ASSERT_TRUE(stored.has_value());
  EXPECT_GT(*stored, 0u);
  sim.restart_at(sec(3), 1);
  sim.run_until(sec(3));
  // Memory is gone except what storage kept: the restarted node resumes from the stored count.
  EXPECT_EQ(engine.node(1).round_trips(), *stored);
  sim.run_until(sec(4));
  EXPECT_GT(engine.node(1).round_trips(), *stored);
  EXPECT_EQ(count(sim, trace::Kind::kRestart), 1u);
}

TEST(Faults, TimerJitterDelaysTimersWithinTheBound) {
  Engine engine;
  SimConfig c;
  c.timer_jitter = msec(20);
  Simulator<PingProtocol> sim(c, engine);
  sim.run_until(sec(2));
  std::vector<Time> ticks;
  for (const auto& e : sim.trace().events()) {
    if (e.kind == trace::Kind::kTimer && e.node == 1) ticks.push_back(e.time);
  }
  ASSERT_GT(ticks.size(), 10u);
  bool jittered = false;
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    const Duration gap = ticks[i] - ticks[i - 1];
    EXPECT_GE(gap, examples::ping::kTick);
    EXPECT_LE(gap, examples::ping::kTick + msec(20));
    jittered |= gap != examples::ping::kTick;
  }
  EXPECT_TRUE(jittered);
}

TEST(Faults, SwarmSettingsAreDrawnFromTheSeed) {
  random::Rng a(11), b(11);
  const NetworkConfig x = NetworkConfig::swarm(a), y = NetworkConfig::swarm(b);
  EXPECT_EQ(x.describe(), y.describe());
  std::set<std::string> kinds;
  for (std::uint64_t seed = 0; seed < 64; ++seed) {
    random::Rng r(seed);
    kinds.insert(NetworkConfig::swarm(r).describe());
  }
  EXPECT_GT(kinds.size(), 60u);
}

}  // namespace
}  // namespace dslab::sim
