// Simulator tests: runs, virtual time, replay by seed, traces, invariants and limits.
#include "runtime/sim/simulator.hpp"

#include <gtest/gtest.h>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"

namespace dslab::sim {
namespace {
using examples::ping::PingNode;
using PingProtocol = examples::ping::Protocol;
using Engine = engine::InProcessEngine<PingNode>;

SimConfig lossy(std::uint64_t seed) {
  SimConfig c;
  c.seed = seed;
  c.network.drop = {1, 10};
  c.network.duplicate = {1, 20};
  c.network.spike = {1, 10};
  return c;
}

TEST(Simulator, PingPongMakesProgressInVirtualTime) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  ASSERT_TRUE(sim.run_until(sec(1)));
  EXPECT_EQ(sim.now(), sec(1));
  // 6 directed chains, each round trip 2-20ms: at least 6 * 1000/20 = 300 round trips.
  EXPECT_GE(sim.outputs().size(), 300u);
  EXPECT_GT(engine.node(1).round_trips(), 0u);
}

TEST(Simulator, SameSeedGivesTheSameTraceByteForByte) {
  Engine e1, e2;
  Simulator<PingProtocol> a(lossy(17), e1), b(lossy(17), e2);
  a.run_until(msec(500));
  b.run_until(msec(500));
  EXPECT_EQ(a.trace().hash(), b.trace().hash());
  std::ostringstream ja, jb;
  a.trace().write_json_lines(ja);
  b.trace().write_json_lines(jb);
  EXPECT_EQ(ja.str(), jb.str());
  EXPECT_GT(a.trace().count(), 100u);
}

TEST(Simulator, DifferentSeedsGiveDifferentRuns) {
  Engine e1, e2;
  Simulator<PingProtocol> a(lossy(1), e1), b(lossy(2), e2);
  a.run_until(msec(300));
  b.run_until(msec(300));
  EXPECT_NE(a.trace().hash(), b.trace().hash());
}

TEST(Simulator, HashLevelGivesTheSameHashAsFullLevel) {
  Engine e1, e2;
  SimConfig full = lossy(5), hash_only = lossy(5);
  hash_only.trace = trace::Level::kHash;
  Simulator<PingProtocol> a(full, e1), b(hash_only, e2);
  a.run_until(msec(300));
  b.run_until(msec(300));
  EXPECT_EQ(a.trace().hash(), b.trace().hash());
  EXPECT_TRUE(b.trace().events().empty());
}

TEST(Simulator, InvariantViolationStopsTheRunAtTheFirstBadEvent) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.add_invariant("fewer than 10 round trips",
                    [&]() -> std::optional<std::string> {
                      if (sim.outputs().size() >= 10) return "10 round trips happened";
                      return std::nullopt;
                    });
  EXPECT_FALSE(sim.run_until(sec(1)));
  ASSERT_TRUE(sim.failed());
  EXPECT_EQ(sim.failure()->kind, "safety");
  EXPECT_EQ(sim.outputs().size(), 10u);
  EXPECT_EQ(sim.trace().events().back().kind, trace::Kind::kViolation);
}

TEST(Simulator, OutputObserverCanFailTheRun) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.on_output([](const OutputRecord<PingProtocol>& r) -> std::optional<std::string> {
    if (r.node == 2) return "node 2 must never complete a round trip";
    return std::nullopt;
  });
  EXPECT_FALSE(sim.run_until(sec(1)));
  EXPECT_NE(sim.failure()->message.find("node 2"), std::string::npos);
}

TEST(Simulator, RunUntilPredicateStopsAsSoonAsItHolds) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  EXPECT_TRUE(sim.run_until(sec(10), [&] { return sim.outputs().size() >= 3; }));
  EXPECT_EQ(sim.outputs().size(), 3u);
  EXPECT_LT(sim.now(), sec(1));
  EXPECT_FALSE(sim.run_until(sim.now() + msec(1), [] { return false; }));
}

TEST(Simulator, EventLimitFailsTheRunWithAClearReason) {
  Engine engine;
  SimConfig c;
  c.max_events = 100;
  Simulator<PingProtocol> sim(c, engine);
  EXPECT_FALSE(sim.run_until(sec(10)));
  EXPECT_EQ(sim.failure()->kind, "limit");
  EXPECT_EQ(sim.events(), 100u);
}

TEST(Simulator, TextRenderingShowsColumnsArrowsAndDecisions) {
  Engine engine;
  Simulator<PingProtocol> sim(lossy(3), engine);
  sim.run_until(msec(100));
  const std::string text =
      trace::render_text(sim.trace().events(), trace::RenderOptions{3, 30, 10, true});
  EXPECT_NE(text.find("n1        n2        n3"), std::string::npos) << text;
  EXPECT_NE(text.find("▶"), std::string::npos) << text;
  EXPECT_NE(text.find("recv Pong(seq="), std::string::npos) << text;
  EXPECT_NE(text.find("[delay "), std::string::npos) << text;
}

TEST(Simulator, InjectedMessagesComeFromTheEnvironment) {
  Engine engine;
  Simulator<PingProtocol> sim(SimConfig{}, engine);
  sim.inject_at(msec(5), 2, examples::ping::Ping{99});
  sim.run_until(msec(5));
  bool found = false;
  for (const auto& e : sim.trace().events()) {
    found |= e.kind == trace::Kind::kInject && e.node == 2 && e.what == "Ping(seq=99)";
  }
  EXPECT_TRUE(found);
}

TEST(Simulator, MessagesBeforeANodesStartAreLostNotDelivered) {
  Engine engine;
  SimConfig c;
  c.start_spread = msec(50);
  c.seed = 9;
  Simulator<PingProtocol> sim(c, engine);
  sim.run_until(msec(200));
  std::map<NodeId, Time> started;
  for (const auto& e : sim.trace().events()) {
    if (e.kind == trace::Kind::kStart) started.emplace(e.node, e.time);
  }
  ASSERT_EQ(started.size(), 3u);
  std::size_t early_drops = 0;
  for (const auto& e : sim.trace().events()) {
    if (e.kind == trace::Kind::kDeliver) {
      EXPECT_GE(e.time, started[e.node]) << "n" << e.node << " got a message before its start";
    }
    early_drops += e.kind == trace::Kind::kDrop && e.decision.find("has not started") != std::string::npos;
  }
  EXPECT_GT(early_drops, 0u) << "seed 9 should boot one node after another's first pings";
}

}  // namespace
}  // namespace dslab::sim
