// Tests of the test helpers: seed lists, failure reports, the nondeterminism detector.
#include <gtest/gtest.h>

#include <cstdlib>

#include "runtime/engine/inprocess.hpp"
#include "runtime/env/env.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/testing/check.hpp"
#include "runtime/testing/driver.hpp"

namespace dslab::labkit {
namespace {
using examples::ping::PingNode;
using PingProtocol = examples::ping::Protocol;

TEST(Seeds, DefaultListAndOverrides) {
  ::unsetenv("DSLAB_SEED");
  ::unsetenv("DSLAB_SEEDS");
  EXPECT_EQ(seeds(3, 10), (std::vector<std::uint64_t>{10, 11, 12}));
  ::setenv("DSLAB_SEEDS", "5", 1);
  EXPECT_EQ(seeds(3).size(), 5u);
  ::setenv("DSLAB_SEED", "8812", 1);
  EXPECT_EQ(seeds(3), (std::vector<std::uint64_t>{8812}));
  EXPECT_TRUE(replaying());
  ::setenv("DSLAB_SEED", "12x", 1);
  EXPECT_THROW(seeds(3), std::invalid_argument);
  ::unsetenv("DSLAB_SEED");
  ::unsetenv("DSLAB_SEEDS");
}

TEST(Seeds, AtMostKeepsAPrefixOfTheList) {
  const env::ScopedOverride most(env::kSeedsAtMost, "2");
  EXPECT_EQ(seeds(5, 10), (std::vector<std::uint64_t>{10, 11}));
  EXPECT_EQ(seeds(1, 10), (std::vector<std::uint64_t>{10})) << "never more than stated";
  const env::ScopedOverride soak(env::kSeeds, "50");
  EXPECT_EQ(seeds(5).size(), 2u);
}

TEST(Report, NamesSeedFailureTraceAndReplayCommand) {
  engine::InProcessEngine<PingNode> engine;
  sim::SimConfig c;
  c.seed = 77;
  const auto result = for_each_seed(
      engine, std::vector<std::uint64_t>{77}, [&](std::uint64_t) { return c; },
      [](sim::Simulator<PingProtocol>& sim) {
        eventually(sim, msec(30), [&] { return sim.outputs().size() >= 1000; },
                   "1000 round trips");
      });
  ASSERT_FALSE(result);
  const std::string text = result.message();
  EXPECT_NE(text.find("FAIL runtime  Report.NamesSeedFailureTraceAndReplayCommand  seed=77"),
            std::string::npos) << text;
  EXPECT_NE(text.find("liveness at t=30.000ms: 1000 round trips (by t=30.000ms)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("trace excerpt: 12 of"), std::string::npos) << text;
  EXPECT_NE(text.find("replay: dslab replay runtime Report.NamesSeedFailureTraceAndReplayCommand "
                      "--seed 77"), std::string::npos) << text;
}

TEST(Report, PassingSeedsPass) {
  engine::InProcessEngine<PingNode> engine;
  EXPECT_TRUE(for_each_seed(
      engine, seeds(5), [](std::uint64_t) { return sim::SimConfig{}; },
      [](sim::Simulator<PingProtocol>& sim) {
        eventually(sim, sec(1), [&] { return sim.outputs().size() >= 10; }, "10 round trips");
      }));
}

// A node that breaks the contract: it keeps a counter in a global, so the second run of the
// same seed starts from a different state.
int g_leaked_counter = 0;
class LeakyNode {
 public:
  using Protocol = PingProtocol;
  void on_start(node::Context<Protocol>& ctx) {
    ++g_leaked_counter;
    for (NodeId peer : ctx.nodes()) {
      if (peer != ctx.self()) ctx.send(peer, examples::ping::Ping{static_cast<std::uint64_t>(g_leaked_counter)});
    }
  }
  void on_message(node::Context<Protocol>&, NodeId, const Protocol::Message&) {}
  void on_timer(node::Context<Protocol>&, const Protocol::Timer&) {}

 private:
  int unused_ = 0;
  DSLAB_STATE(LeakyNode, unused_)
};

TEST(Determinism, NodeWithGlobalStateIsCaughtAtTheFirstDivergingEvent) {
  engine::InProcessEngine<LeakyNode> engine;
  const auto result = deterministic(
      engine, 5, [](std::uint64_t) { return sim::SimConfig{}; },
      [](sim::Simulator<PingProtocol>& sim) { sim.run_until(msec(50)); });
  ASSERT_FALSE(result);
  const std::string text = result.message();
  EXPECT_NE(text.find("NONDETERMINISTIC"), std::string::npos) << text;
  EXPECT_NE(text.find("event 1 differs"), std::string::npos) << text;
  EXPECT_NE(text.find("Ping(seq="), std::string::npos) << text;
}

TEST(Determinism, ContractAbidingNodeIsDeterministic) {
  engine::InProcessEngine<PingNode> engine;
  EXPECT_TRUE(deterministic(
      engine, 5,
      [](std::uint64_t) {
        sim::SimConfig c;
        c.network.drop = {1, 10};
        return c;
      },
      [](sim::Simulator<PingProtocol>& sim) { sim.run_until(msec(500)); }));
}

TEST(NodeDriver, TableTestOfOneNodeWithoutANetwork) {
  engine::InProcessEngine<PingNode> engine;
  NodeDriver<PingProtocol> d(engine, 1, {1, 2, 3});
  const auto boot = d.start();
  ASSERT_EQ(boot.sends.size(), 2u);
  EXPECT_EQ(boot.sent_to(2), (std::vector<PingProtocol::Message>{examples::ping::Ping{1}}));
  ASSERT_EQ(boot.timers.size(), 1u);
  // A ping is answered with a pong carrying the same sequence number, and nothing else.
  const auto reply = d.deliver(3, examples::ping::Ping{41});
  EXPECT_EQ(reply.sent_to(3), (std::vector<PingProtocol::Message>{examples::ping::Pong{41}}));
  EXPECT_TRUE(reply.outputs.empty());
  // A matching pong completes a round trip; a stale one is ignored.
  EXPECT_EQ(d.deliver(2, examples::ping::Pong{1}).outputs.size(), 1u);
  EXPECT_TRUE(d.deliver(2, examples::ping::Pong{1}).outputs.empty());
  // The tick restarts the chain that made no progress (to 3) and re-arms itself.
  const auto tick = d.fire_next();
  EXPECT_EQ(d.now(), examples::ping::kTick);
  EXPECT_EQ(tick.sent_to(3), (std::vector<PingProtocol::Message>{examples::ping::Ping{2}}));
  EXPECT_TRUE(tick.sent_to(2).empty());
  EXPECT_EQ(tick.timers.size(), 1u);
  EXPECT_THROW(d.fire(999), std::logic_error);
}

}  // namespace
}  // namespace dslab::labkit
