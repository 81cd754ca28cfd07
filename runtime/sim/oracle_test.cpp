// Tests of the eventual-leader oracle and the nemesis fault schedule.
#include "runtime/sim/oracle.hpp"

#include <gtest/gtest.h>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/sim/nemesis.hpp"

namespace dslab::sim {
namespace {

struct Trust {
  NodeId leader = 0;
  DSLAB_STATE(Trust, leader)
};
struct Heard {
  NodeId leader = 0;
  DSLAB_STATE(Heard, leader)
};
struct Nothing {
  DSLAB_STATE(Nothing)
};
struct TrustProtocol {
  using Message = std::variant<Trust>;
  using Timer = std::variant<Nothing>;
  using Output = std::variant<Heard>;
};
/// Reports every leader announcement it hears.
class Listener {
 public:
  using Protocol = TrustProtocol;
  void on_start(node::Context<Protocol>&) {}
  void on_message(node::Context<Protocol>& ctx, NodeId, const Protocol::Message& m) {
    ctx.output(Heard{std::get<Trust>(m).leader});
  }
  void on_timer(node::Context<Protocol>&, const Protocol::Timer&) {}

 private:
  int unused_ = 0;
  DSLAB_STATE(Listener, unused_)
};

TEST(LeaderOracle, AdversarialBeforeStabilisationThenOneLiveLeader) {
  engine::InProcessEngine<Listener> engine;
  SimConfig c;
  c.nodes = 5;
  c.seed = 3;
  Simulator<TrustProtocol> sim(c, engine);
  LeaderOracle<TrustProtocol> oracle(sim, OracleConfig{}, [](NodeId l) { return Trust{l}; });
  const Time stable = oracle.stabilization_time();
  EXPECT_GE(stable, sec(1));
  EXPECT_LE(stable, sec(3));
  sim.crash_at(stable + sec(1), 5);
  sim.run_until(stable + sec(3));
  std::set<NodeId> before;
  std::set<NodeId> after_stable, after_crash;
  for (const auto& r : sim.outputs()) {
    const NodeId l = std::get<Heard>(r.output).leader;
    if (r.time < stable) before.insert(l);
    else if (r.time < stable + sec(1)) after_stable.insert(l);
    else after_crash.insert(l);
  }
  EXPECT_GE(before.size(), 3u) << "the oracle must name several leaders before stabilising";
  EXPECT_EQ(after_stable, (std::set<NodeId>{5}));
  EXPECT_EQ(after_crash, (std::set<NodeId>{4})) << "a crashed leader is replaced by a live one";
}

TEST(LeaderOracle, StabilisationTimeIsDrawnFromTheSeed) {
  engine::InProcessEngine<Listener> e1, e2;
  std::set<Time> times;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    SimConfig c;
    c.seed = seed;
    Simulator<TrustProtocol> a(c, e1), b(c, e2);
    LeaderOracle<TrustProtocol> x(a, {}, [](NodeId l) { return Trust{l}; });
    LeaderOracle<TrustProtocol> y(b, {}, [](NodeId l) { return Trust{l}; });
    EXPECT_EQ(x.stabilization_time(), y.stabilization_time());
    times.insert(x.stabilization_time());
  }
  EXPECT_GT(times.size(), 4u);
}

TEST(Nemesis, InjectsEveryFaultKindThenHealsAndRestartsEverything) {
  using examples::ping::PingNode;
  std::map<trace::Kind, int> kinds;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    engine::InProcessEngine<PingNode> engine;
    SimConfig c;
    c.seed = seed;
    c.nodes = 5;
    Simulator<examples::ping::Protocol> sim(c, engine);
    NemesisConfig n;
    n.until = sec(3);
    schedule_nemesis(sim, n, sim.workload_rng().derive("nemesis"));
    sim.run_until(sec(3));
    for (const auto& e : sim.trace().events()) ++kinds[e.kind];
    EXPECT_EQ(sim.live_nodes().size(), 5u);
    EXPECT_FALSE(sim.links().any_cut());
    const auto outputs_at_heal = sim.outputs().size();
    sim.run_until(sec(4));
    EXPECT_GT(sim.outputs().size(), outputs_at_heal);
  }
  EXPECT_GT(kinds[trace::Kind::kCrash], 0);
  EXPECT_GT(kinds[trace::Kind::kRestart], 0);
  EXPECT_GT(kinds[trace::Kind::kPartition], 0);
  EXPECT_GT(kinds[trace::Kind::kHeal], 0);
}

TEST(Nemesis, NeverTakesDownMoreThanAMinority) {
  using examples::ping::PingNode;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    engine::InProcessEngine<PingNode> engine;
    SimConfig c;
    c.seed = seed;
    c.nodes = 5;
    c.trace = trace::Level::kHash;
    Simulator<examples::ping::Protocol> sim(c, engine);
    NemesisConfig n;
    n.until = sec(3);
    n.min_gap = msec(10);
    n.max_gap = msec(50);
    schedule_nemesis(sim, n, sim.workload_rng().derive("nemesis"));
    sim.add_invariant("minority down", [&]() -> std::optional<std::string> {
      if (sim.live_nodes().size() < 3) return "more than two nodes down";
      return std::nullopt;
    });
    EXPECT_TRUE(sim.run_until(sec(3))) << "seed " << seed << ": " << sim.failure()->message;
  }
}

}  // namespace
}  // namespace dslab::sim
