// Tests of the generic rule-checker parts: per-node incarnations (volatile facts reset at a
// restart, durable ones kept), the feed from a real run (one creation per restart, every handler
// call), the first violation's wording, wrapping and handler descriptions.
#include "runtime/testing/incarnations.hpp"

#include <gtest/gtest.h>

#include <map>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/testing/runner.hpp"
#include "runtime/testing/script.hpp"

namespace dslab::labkit {
namespace {

using examples::ping::PingNode;
using PingProtocol = examples::ping::Protocol;
using Sim = sim::Simulator<PingProtocol>;
using Call = HandlerCall<PingProtocol>;

struct Durable {
  int calls = 0;
};
struct Volatile {
  int calls = 0;
};
using Nodes = Incarnations<Durable, Volatile>;

TEST(Incarnations, RestartResetsWhatTheNodeKnowsAndKeepsWhatItStored) {
  Nodes nodes(3);
  nodes.find(2)->durable.calls = 5;
  nodes.find(2)->now.calls = 4;
  Nodes::Node* n2 = nodes.created(2);
  ASSERT_NE(n2, nullptr);
  EXPECT_EQ(n2->incarnation, 2);
  EXPECT_EQ(n2->durable.calls, 5);
  EXPECT_EQ(n2->now.calls, 0);
  EXPECT_EQ(nodes.find(1)->incarnation, 1);
  EXPECT_EQ(nodes.find(0), nullptr) << "the environment is no node";
  EXPECT_EQ(nodes.find(4), nullptr);
  EXPECT_EQ(nodes.created(4), nullptr);
  EXPECT_TRUE(nodes.contains(3));
  EXPECT_FALSE(nodes.contains(kEnvironment));
}

/// A "rule checker" of the ping lab: counts calls per incarnation; the rule "no node handles
/// more than `limit` calls in one incarnation" is flagged once.
struct CountingRules {
  explicit CountingRules(int n, int most) : nodes(n), limit(most) {}
  void created(NodeId n) { nodes.created(n); }
  void handled(const Call& call) {
    Nodes::Node* node = nodes.find(call.node);
    if (node == nullptr) return;
    ++node->durable.calls;
    if (++node->now.calls > limit) {
      first.flag(call.node, "handled one call too many", handler_text(call), "at most a few calls",
                 fmt::format("{} calls since its start", node->now.calls));
    }
  }
  const std::optional<std::string>& violation() const { return first.text(); }
  Nodes nodes;
  int limit;
  FirstViolation first;
};

struct Checkers {
  Checkers(Sim& sim, ObservedEngine<PingProtocol>& engine, int limit = 1'000'000)
      : rules(sim.size(), limit) {
    watch_rules(sim, engine, rules);
  }
  CountingRules rules;
};

TEST(WatchRules, EveryRestartIsANewIncarnationAndEveryCallIsFed) {
  Runner<PingProtocol, Checkers> runner(std::make_unique<engine::InProcessEngine<PingNode>>(),
                                        nullptr);
  sim::SimConfig c;
  c.network = fixed_latency(msec(1));
  EXPECT_TRUE(runner.scripted(c, [](Sim& sim, Checkers& checkers) {
    sim.crash_at(msec(100), 2);
    sim.restart_at(msec(200), 2);
    sim.crash_at(msec(300), 2);
    sim.restart_at(msec(400), 2);
    sim.run_until(msec(500));
    const auto& n2 = *checkers.rules.nodes.find(2);
    EXPECT_EQ(n2.incarnation, 3);
    EXPECT_GT(n2.now.calls, 0) << "calls after the last restart";
    EXPECT_GT(n2.durable.calls, n2.now.calls) << "calls of earlier incarnations are kept";
    EXPECT_EQ(checkers.rules.nodes.find(1)->incarnation, 1);
  }));
}

TEST(WatchRules, AViolationFailsTheRunWithTheRuleNodeAndHandler) {
  engine::InProcessEngine<PingNode> inner;
  ObservedEngine<PingProtocol> observed(inner);
  sim::SimConfig c;
  c.network = fixed_latency(msec(1));
  Sim sim(c, observed);
  Checkers checkers(sim, observed, 3);
  sim.run_until(msec(500));
  ASSERT_TRUE(sim.failed());
  const sim::Failure& failure = *sim.failure();
  EXPECT_EQ(failure.kind, "safety");
  EXPECT_EQ(failure.message.find(*checkers.rules.violation()) != std::string::npos, true)
      << failure.message;
  const std::string& seen = *checkers.rules.violation();
  EXPECT_NE(seen.find("handled one call too many"), std::string::npos) << seen;
  EXPECT_NE(seen.find("rule: at most a few calls"), std::string::npos) << seen;
  EXPECT_NE(seen.find("seen: 4 calls since its start"), std::string::npos) << seen;
}

TEST(FirstViolation, KeepsTheFirstAndWordsIt) {
  FirstViolation v;
  EXPECT_TRUE(v.ok());
  v.flag(2, "sent Promise(round=1)", "handling Prepare(round=1) from n1", "a rule", "a fact");
  v.flag(3, "sent something else", "in on_start", "another rule", "another fact");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.text(),
            "n2 sent Promise(round=1)\n    while handling Prepare(round=1) from n1\n"
            "    rule: a rule\n    seen: a fact");
}

TEST(Wrap, BreaksLongLinesAtWordsWithTheIndent) {
  EXPECT_EQ(wrap("aa bb cc", "  ", 8), "aa bb\n  cc");
  EXPECT_EQ(wrap("short", "    "), "short");
  EXPECT_EQ(wrap("", "  "), "");
}

TEST(NodeList, NamesNodesOrNobody) {
  EXPECT_EQ(node_list({3, 1}), "n1, n3");
  EXPECT_EQ(node_list({}), "nobody");
}

TEST(HandlerText, NamesTheHandlerAndTheSender) {
  const PingProtocol::Message ping = examples::ping::Ping{};
  const PingProtocol::Timer tick = examples::ping::Tick{};
  const Call start{.node = 1, .kind = CallKind::kStart, .effects = {}};
  const Call from_n2{.node = 1, .kind = CallKind::kMessage, .from = 2, .msg = &ping, .effects = {}};
  const Call from_env{
      .node = 1, .kind = CallKind::kMessage, .from = kEnvironment, .msg = &ping, .effects = {}};
  const Call timer{.node = 1, .kind = CallKind::kTimer, .timer = &tick, .effects = {}};
  EXPECT_EQ(handler_text(start), "in on_start");
  EXPECT_EQ(handler_text(from_n2), "handling " + codec::to_text(ping) + " from n2");
  EXPECT_EQ(handler_text(from_env), "handling " + codec::to_text(ping) + " from the environment");
  EXPECT_EQ(handler_text(timer), "on its timer " + codec::to_text(tick));
}

TEST(WritesStorage, APutCountsAnEraseDoesNot) {
  using Effect = node::Effect<PingProtocol>;
  const std::vector<Effect> put = {node::StorageWrite{"k", codec::Bytes{}}};
  const std::vector<Effect> erase = {node::StorageWrite{"k", std::nullopt}};
  EXPECT_TRUE(writes_storage(Call{.node = 1, .effects = put}));
  EXPECT_FALSE(writes_storage(Call{.node = 1, .effects = erase}));
  EXPECT_FALSE(writes_storage(Call{.node = 1, .effects = {}}));
}

enum class Rule : std::uint8_t { kFirst, kSecond };
const char* rule_words(Rule rule) { return rule == Rule::kFirst ? "first rule" : "second rule"; }

TEST(FirstBroken, KeepsTheFirstRuleAndItsMessage) {
  FirstBroken<Rule> broken(rule_words);
  EXPECT_TRUE(broken.ok());
  const Call call{.node = 2, .kind = CallKind::kStart, .effects = {}};
  broken.flag(call, Rule::kSecond, "sent Ping(seq=1)", "a fact");
  broken.flag(call, Rule::kFirst, "sent Ping(seq=2)", "another fact");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.rule(), Rule::kSecond);
  EXPECT_EQ(*broken.text(),
            "n2 sent Ping(seq=1)\n    while in on_start\n    rule: second rule\n    seen: a fact");
}

}  // namespace
}  // namespace dslab::labkit
