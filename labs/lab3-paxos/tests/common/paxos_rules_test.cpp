// Tests of the lab 3 rule checker: hand-made handler calls of a 3-node cluster, each table row a
// sequence that must pass or that breaks exactly the rule it names.
#include "labs/lab3-paxos/tests/common/paxos_rules.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/testing/rule_rows.hpp"

namespace lab3::checks {
namespace {

using dslab::kEnvironment;
using dslab::labkit::CallKind;
using Effect = dslab::node::Effect<Protocol>;
using Effects = std::vector<Effect>;
using Message = Protocol::Message;

constexpr int kNodes = 3;

using Step = dslab::labkit::RuleStep<Protocol>;
using Row = dslab::labkit::RuleRow<Protocol, Rule>;
using dslab::labkit::concat;

Step at(NodeId node, NodeId from, Message msg, Effects effects = {}) {
  return {.node = node, .from = from, .msg = std::move(msg), .effects = std::move(effects)};
}
Step timer(NodeId node, Effects effects) {
  return {.node = node, .kind = CallKind::kTimer, .effects = std::move(effects)};
}
Step restart(NodeId node, Effects effects = {}) {
  return {.node = node, .kind = CallKind::kStart, .effects = std::move(effects), .restart = true};
}

Effect send(NodeId to, Message msg) { return dslab::node::Send<Protocol>{to, std::move(msg)}; }
Effect write() { return dslab::node::StorageWrite{"acceptor", dslab::codec::Bytes{}}; }
Effect decide(const Value& v) { return dslab::node::Emit<Protocol>{Decided{v}}; }
/// `msg` to every node, after `first` (e.g. a storage write).
Effects to_all(const Message& msg, Effects first = {}) {
  for (NodeId n = 1; n <= kNodes; ++n) first.push_back(send(n, msg));
  return first;
}

/// n1 leads with client value "a" and starts round 1; n1 and n2 promise it.
std::vector<Step> phase1() {
  return {at(1, kEnvironment, Leader{1}), at(1, kEnvironment, ClientRequest{"a"}, to_all(Prepare{1})),
          at(1, 1, Prepare{1}, {write(), send(1, Promise{1, kNoRound, ""})}),
          at(2, 1, Prepare{1}, {write(), send(1, Promise{1, kNoRound, ""})})};
}
/// After phase1: n1 gets both promises and sends Accept(1, "a"); n1 and n2 accept it.
std::vector<Step> phase2() {
  return {at(1, 1, Promise{1, kNoRound, ""}), at(1, 2, Promise{1, kNoRound, ""}, to_all(Accept{1, "a"})),
          at(1, 1, Accept{1, "a"}, to_all(Accepted{1, "a"}, {write()})),
          at(2, 1, Accept{1, "a"}, to_all(Accepted{1, "a"}, {write()}))};
}
/// After phase2: n3 learns "a" from n1 and n2.
std::vector<Step> learn() {
  return {at(3, 1, Accepted{1, "a"}), at(3, 2, Accepted{1, "a"}, {write(), decide("a")})};
}

void run_rows(const std::vector<Row>& rows) {
  dslab::labkit::run_rule_rows(rows, [] { return PaxosRules(kNodes); });
}

TEST(PaxosRules, LegalSequencesPass) {
  run_rows({
      {.what = "a whole round, decided by n3", .steps = concat({phase1(), phase2(), learn()})},
      {.what = "a decided node answers a Query with Chosen, and a peer learns from it",
       .steps = concat({phase1(), phase2(), learn(),
                        {at(3, 2, Query{}, {send(2, Chosen{"a"})}),
                         at(2, 3, Chosen{"a"}, {write(), decide("a")})}})},
      {.what = "the proposer adopts the value of the highest accepted round",
       .steps = {at(1, kEnvironment, Leader{1}), at(1, kEnvironment, ClientRequest{"a"}, to_all(Prepare{4})),
                 at(1, 2, Promise{4, 1, "x"}), at(1, 3, Promise{4, 2, "y"}, to_all(Accept{4, "y"}))}},
      {.what = "a refused Prepare gets a Nack with the promised round; retry above it",
       .steps = concat({phase1(),
                        {at(2, 1, Prepare{1}, {send(1, Nack{1, 1})}), at(1, 2, Nack{1, 1}),
                         timer(1, to_all(Prepare{4}))}})},
      {.what = "after a restart: the promise is kept and the last accepted value repeated",
       .steps = concat({phase1(), phase2(),
                        {restart(2, to_all(Accepted{1, "a"})),
                         at(2, 1, Prepare{1}, {send(1, Nack{1, 1})}),
                         at(2, 3, Prepare{6}, {write(), send(3, Promise{6, 1, "a"})})}})},
      {.what = "after a restart the proposer goes above its reloaded promise",
       .steps = concat({phase1(), {restart(1), at(1, kEnvironment, Leader{1}),
                                   at(1, kEnvironment, ClientRequest{"b"}, to_all(Prepare{4}))}})},
  });
}

TEST(PaxosRules, FlagsEveryBrokenAcceptorRule) {
  run_rows({
      {.what = "promise again at the promised round (a duplicated Prepare)",
       .steps = concat({phase1(), {at(2, 1, Prepare{1}, {write(), send(1, Promise{1, 0, ""})})}}),
       .broken = Rule::kPromiseAbove},
      {.what = "promise below a round promised before a crash",
       .steps = concat({phase1(), {restart(2), at(2, 1, Prepare{1},
                                                  {write(), send(1, Promise{1, 0, ""})})}}),
       .broken = Rule::kPromiseAbove},
      {.what = "promise without a Prepare",
       .steps = {at(2, 1, Accept{1, "a"}, {write(), send(1, Promise{1, 0, ""})})},
       .broken = Rule::kPromiseAnswers},
      {.what = "promise forgets the accepted value after a restart",
       .steps = concat({phase1(), phase2(), {restart(2), at(2, 3, Prepare{3},
                                                           {write(), send(3, Promise{3, 0, ""})})}}),
       .broken = Rule::kPromiseReports},
      {.what = "promise not written to storage",
       .steps = {at(2, 1, Prepare{1}, {send(1, Promise{1, 0, ""})})},
       .broken = Rule::kPersistAcceptor},
      {.what = "accept below the promised round",
       .steps = {at(2, 3, Prepare{3}, {write(), send(3, Promise{3, 0, ""})}),
                 at(2, 1, Accept{1, "a"}, to_all(Accepted{1, "a"}, {write()}))},
       .broken = Rule::kAcceptAtOrAbove},
      {.what = "Accepted without an Accept",
       .steps = {at(2, 1, Prepare{1}, to_all(Accepted{1, "a"}, {write()}))},
       .broken = Rule::kAcceptedAnswers},
      {.what = "Accepted only to the proposer",
       .steps = {at(2, 1, Accept{1, "a"}, {write(), send(1, Accepted{1, "a"})})},
       .broken = Rule::kAcceptedToAll},
      {.what = "accept not written to storage",
       .steps = {at(2, 1, Accept{1, "a"}, to_all(Accepted{1, "a"}))},
       .broken = Rule::kPersistAcceptor},
      {.what = "Nack with a promised round below the refused one",
       .steps = {at(2, 1, Prepare{1}, {send(1, Nack{1, 0})})},
       .broken = Rule::kNackPromised},
  });
}

TEST(PaxosRules, FlagsEveryBrokenProposerRule) {
  const auto lead = [](Effects e) {
    return std::vector<Step>{at(1, kEnvironment, Leader{1}),
                             at(1, kEnvironment, ClientRequest{"a"}, std::move(e))};
  };
  run_rows({
      {.what = "a round of another proposer", .steps = lead(to_all(Prepare{2})),
       .broken = Rule::kOwnRounds},
      {.what = "propose without being told it leads",
       .steps = {at(1, kEnvironment, ClientRequest{"a"}, to_all(Prepare{1}))},
       .broken = Rule::kLeaderOnly},
      {.what = "keep proposing after another node was named leader",
       .steps = concat({phase1(), {at(1, kEnvironment, Leader{2}),
                                   at(1, 1, Promise{1, 0, ""}),
                                   at(1, 2, Promise{1, 0, ""}, to_all(Accept{1, "a"}))}}),
       .broken = Rule::kLeaderOnly},
      {.what = "start a round without a client value",
       .steps = {at(1, kEnvironment, Leader{1}, to_all(Prepare{1}))},
       .broken = Rule::kClientValue},
      {.what = "retry with the same round on the timer", .steps = concat({phase1(), {timer(1, to_all(Prepare{1}))}}),
       .broken = Rule::kNewRound},
      {.what = "after a restart, reuse a round its acceptor promised",
       .steps = concat({phase1(), {restart(1), at(1, kEnvironment, Leader{1}),
                                   at(1, kEnvironment, ClientRequest{"b"}, to_all(Prepare{1}))}}),
       .broken = Rule::kRoundAfterRestart},
      {.what = "Accept on one promise of three nodes",
       .steps = concat({lead(to_all(Prepare{1})), {at(1, 2, Promise{1, 0, ""}, to_all(Accept{1, "a"}))}}),
       .broken = Rule::kAcceptQuorum},
      {.what = "Accept on a duplicated promise",
       .steps = concat({lead(to_all(Prepare{1})),
                        {at(1, 2, Promise{1, 0, ""}), at(1, 2, Promise{1, 0, ""}, to_all(Accept{1, "a"}))}}),
       .broken = Rule::kAcceptQuorum},
      {.what = "Accept for a round it did not start",
       .steps = concat({lead(to_all(Prepare{1})),
                        {at(1, 2, Promise{4, 0, ""}), at(1, 3, Promise{4, 0, ""}, to_all(Accept{4, "a"}))}}),
       .broken = Rule::kAcceptQuorum},
      {.what = "the client's value although a promise reports an accepted one",
       .steps = concat({lead(to_all(Prepare{4})),
                        {at(1, 2, Promise{4, 1, "x"}), at(1, 3, Promise{4, 0, ""}, to_all(Accept{4, "a"}))}}),
       .broken = Rule::kAcceptValue},
      {.what = "the value of a lower accepted round",
       .steps = concat({lead(to_all(Prepare{4})),
                        {at(1, 2, Promise{4, 1, "x"}), at(1, 3, Promise{4, 2, "y"}, to_all(Accept{4, "x"}))}}),
       .broken = Rule::kAcceptValue},
      {.what = "two values in one round",
       .steps = concat({phase1(), phase2(), {at(1, 3, Promise{1, 0, ""}, to_all(Accept{1, "b"}))}}),
       .broken = Rule::kOneValuePerRound},
      {.what = "an Accept round reused after a restart (its own acceptor never saw the round)",
       .steps = {at(1, kEnvironment, Leader{1}), at(1, kEnvironment, ClientRequest{"a"}, to_all(Prepare{1})),
                 at(1, 2, Promise{1, 0, ""}), at(1, 3, Promise{1, 0, ""}, to_all(Accept{1, "a"})),
                 restart(1), at(1, kEnvironment, Leader{1}),
                 at(1, kEnvironment, ClientRequest{"b"}, to_all(Prepare{1})),
                 at(1, 2, Promise{1, 0, ""}), at(1, 3, Promise{1, 0, ""}, to_all(Accept{1, "b"}))},
       .broken = Rule::kOneValuePerRound},
      {.what = "Prepare after deciding",
       .steps = concat({phase1(), phase2(),
                        {at(1, 1, Accepted{1, "a"}), at(1, 2, Accepted{1, "a"}, {write(), decide("a")}),
                         timer(1, to_all(Prepare{4}))}}),
       .broken = Rule::kStopWhenDecided},
  });
}

TEST(PaxosRules, FlagsEveryBrokenLearnerRule) {
  run_rows({
      {.what = "decide on the first Accepted", .steps = {at(3, 1, Accepted{1, "a"}, {write(), decide("a")})},
       .broken = Rule::kDecideOnQuorum},
      {.what = "decide on a duplicated Accepted",
       .steps = {at(3, 1, Accepted{1, "a"}), at(3, 1, Accepted{1, "a"}, {write(), decide("a")})},
       .broken = Rule::kDecideOnQuorum},
      {.what = "decide on Accepted of two rounds",
       .steps = {at(3, 1, Accepted{1, "a"}), at(3, 2, Accepted{4, "a"}, {write(), decide("a")})},
       .broken = Rule::kDecideOnQuorum},
      {.what = "decide on votes received before a restart",
       .steps = {at(3, 1, Accepted{1, "a"}), restart(3), at(3, 2, Accepted{1, "a"}, {write(), decide("a")})},
       .broken = Rule::kDecideOnQuorum},
      {.what = "decide without persisting the decision",
       .steps = {at(3, 1, Accepted{1, "a"}), at(3, 2, Accepted{1, "a"}, {decide("a")})},
       .broken = Rule::kPersistDecision},
      {.what = "Chosen from an undecided node", .steps = {at(3, 2, Query{}, {send(2, Chosen{"a"})})},
       .broken = Rule::kChosenIsDecided},
      {.what = "Query after deciding",
       .steps = concat({phase1(), phase2(), learn(), {timer(3, {send(1, Query{}), send(2, Query{})})}}),
       .broken = Rule::kStopWhenDecided},
  });
}

TEST(PaxosRules, MessageNamesTheNodeTheMessageAndTheRule) {
  PaxosRules rules(kNodes);
  const Message prepare = Prepare{1};
  const Effects effects = {send(1, Promise{1, kNoRound, ""})};
  rules.handled({.node = 2, .now = 5000, .kind = CallKind::kMessage, .from = 1, .msg = &prepare,
                 .effects = effects});
  ASSERT_TRUE(rules.violation().has_value());
  const std::string& text = *rules.violation();
  EXPECT_NE(text.find("n2 sent Promise(round=1"), std::string::npos) << text;
  EXPECT_NE(text.find("handling Prepare(round=1) from n1"), std::string::npos) << text;
  EXPECT_NE(text.find("rule: the acceptor state is written to stable storage"), std::string::npos)
      << text;  // the start of rule_text(Rule::kPersistAcceptor), wrapped after it
}

}  // namespace
}  // namespace lab3::checks
