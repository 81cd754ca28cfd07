// Tests of the adversarial replicated log: slot order, its faults before stabilisation, good
// behaviour after, and the replay to a restarted node.
#include "runtime/sim/adversarial_log.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "runtime/engine/inprocess.hpp"

namespace dslab::sim {
namespace {

struct Told {
  std::int64_t slot = 0;
  std::int64_t value = 0;
  DSLAB_STATE(Told, slot, value)
};
struct Hint {
  NodeId leader = 0;
  DSLAB_STATE(Hint, leader)
};
struct Tick {
  DSLAB_STATE(Tick)
};
struct Proposal {
  std::int64_t value = 0;
  DSLAB_STATE(Proposal, value)
};
struct Heard {
  std::int64_t slot = 0;
  std::int64_t value = 0;
  DSLAB_STATE(Heard, slot, value)
};
struct LogProtocol {
  using Message = std::variant<Told, Hint>;
  using Timer = std::variant<Tick>;
  using Output = std::variant<Proposal, Heard>;
};

/// Proposes value self*1000 + k every 10 ms and reports every slot it is told.
class Proposer {
 public:
  using Protocol = LogProtocol;
  void on_start(node::Context<Protocol>& ctx) { ctx.set_timer(msec(10), Tick{}); }
  void on_message(node::Context<Protocol>& ctx, NodeId, const Protocol::Message& m) {
    if (const auto* t = std::get_if<Told>(&m)) ctx.output(Heard{t->slot, t->value});
  }
  void on_timer(node::Context<Protocol>& ctx, const Protocol::Timer&) {
    ctx.output(Proposal{ctx.self() * 1000 + ++count_});
    ctx.set_timer(msec(10), Tick{});
  }

 private:
  std::int64_t count_ = 0;
  DSLAB_STATE(Proposer, count_)
};

using Log = AdversarialLog<LogProtocol, std::int64_t>;

AdversarialLogSpec<LogProtocol, std::int64_t> spec() {
  AdversarialLogSpec<LogProtocol, std::int64_t> s;
  s.proposal = [](const LogProtocol::Output& o) -> std::optional<std::int64_t> {
    if (const auto* p = std::get_if<Proposal>(&o)) return p->value;
    return std::nullopt;
  };
  s.decided = [](std::int64_t slot, const std::int64_t& v) -> LogProtocol::Message {
    return Told{slot, v};
  };
  s.leader = [](NodeId l) -> LogProtocol::Message { return Hint{l}; };
  s.noop = -1;
  return s;
}

SimConfig config(std::uint64_t seed) {
  SimConfig c;
  c.nodes = 3;
  c.seed = seed;
  c.trace = trace::Level::kOff;
  return c;
}

TEST(AdversarialLog, DecidesInSlotOrderWithFaultsBeforeStabilisationOnly) {
  engine::InProcessEngine<Proposer> engine;
  Simulator<LogProtocol> sim(config(7), engine);
  Log log(sim, {}, spec());
  std::int64_t expected = 1;
  log.on_decide([&](const Log::Decision& d) { EXPECT_EQ(d.slot, expected++); });
  const Time stable = log.stabilization_time();
  sim.run_until(stable);
  const auto lost_before = log.lost();
  std::map<std::int64_t, int> copies;
  std::size_t noops = 0;
  for (const auto& d : log.decided()) {
    ++copies[d.value];
    if (d.proposer == 0) ++noops;
  }
  EXPECT_GT(lost_before, 0u) << "proposals are lost before stabilisation";
  EXPECT_GT(noops, 0u) << "no-op slots are decided before stabilisation";
  EXPECT_TRUE(std::any_of(copies.begin(), copies.end(),
                          [](const auto& c) { return c.first >= 0 && c.second > 1; }))
      << "some proposal is decided twice";
  // Once stable (and the late copies decided before it are out, 340 ms), every proposal is
  // decided once and promptly: no value twice, no no-ops.
  const Time settled = stable + msec(340);
  sim.run_until(settled);
  const auto decided_at_settled = log.decided().size();
  const auto proposals_at_settled = log.proposals();
  sim.run_until(settled + sec(1));
  EXPECT_EQ(log.lost(), lost_before) << "nothing is lost once stable";
  std::set<std::int64_t> values;
  for (std::size_t i = decided_at_settled; i < log.decided().size(); ++i) {
    EXPECT_TRUE(values.insert(log.decided()[i].value).second) << "decided twice once stable";
    EXPECT_NE(log.decided()[i].proposer, 0) << "a no-op once stable";
  }
  const auto new_proposals = log.proposals() - proposals_at_settled;
  EXPECT_GE(values.size() + 3, new_proposals) << "every proposal decided promptly once stable";
}

TEST(AdversarialLog, EveryLiveNodeIsToldEverySlotAndARestartedNodeAllAgain) {
  engine::InProcessEngine<Proposer> engine;
  Simulator<LogProtocol> sim(config(11), engine);
  Log log(sim, {}, spec());
  sim.crash_at(msec(500), 2);
  sim.restart_at(msec(900), 2);
  sim.run_until(log.stabilization_time() + sec(1));
  const auto end = log.stabilization_time() + sec(1) - msec(50);
  std::map<NodeId, std::set<std::int64_t>> heard_after_restart, heard;
  bool out_of_order = false;
  std::map<NodeId, std::int64_t> last;
  for (const auto& r : sim.outputs()) {
    const auto* h = std::get_if<Heard>(&r.output);
    if (h == nullptr) continue;
    if (h->slot < last[r.node]) out_of_order = true;
    last[r.node] = h->slot;
    EXPECT_EQ(log.decided()[static_cast<std::size_t>(h->slot - 1)].value, h->value);
    heard[r.node].insert(h->slot);
    if (r.node == 2 && r.time >= msec(900)) heard_after_restart[2].insert(h->slot);
  }
  EXPECT_TRUE(out_of_order) << "nodes are told slots out of order before stabilisation";
  std::int64_t decided_by_end = 0;
  for (const auto& d : log.decided()) {
    if (d.slot > decided_by_end) decided_by_end = d.slot;
  }
  for (NodeId n : {1, 2, 3}) {
    for (std::int64_t s = 1; s <= decided_by_end - 10; ++s) {
      ASSERT_TRUE(heard[n].count(s)) << "n" << n << " never told slot " << s << " (end " << end << ")";
    }
  }
  EXPECT_TRUE(heard_after_restart[2].count(1)) << "a restarted node is told slot 1 again";
}

TEST(AdversarialLog, SameSeedSameDecisions) {
  engine::InProcessEngine<Proposer> e1, e2;
  Simulator<LogProtocol> a(config(5), e1), b(config(5), e2);
  Log x(a, {}, spec()), y(b, {}, spec());
  a.run_until(sec(2));
  b.run_until(sec(2));
  ASSERT_EQ(x.decided().size(), y.decided().size());
  for (std::size_t i = 0; i < x.decided().size(); ++i) {
    EXPECT_EQ(x.decided()[i].value, y.decided()[i].value);
  }
}

}  // namespace
}  // namespace dslab::sim
