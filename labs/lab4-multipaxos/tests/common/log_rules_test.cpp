// Tests of the lab 4 rule checker: hand-made handler calls of a 3-replica cluster, each table
// row a sequence that must pass or that breaks exactly the rule it names.
#include "labs/lab4-multipaxos/tests/common/log_rules.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/testing/rule_rows.hpp"

namespace lab4::checks {
namespace {

using dslab::kEnvironment;
using dslab::labkit::CallKind;
using Effect = dslab::node::Effect<Protocol>;
using Effects = std::vector<Effect>;
using Message = Protocol::Message;

constexpr int kNodes = 3;
const Command kA{1, 1, "a"};
const Command kB{1, 2, "b"};
const Command kX{2, 1, "x"};
const Command kY{2, 2, "y"};
const Command kZ{2, 3, "z"};

using Step = dslab::labkit::RuleStep<Protocol>;
using Row = dslab::labkit::RuleRow<Protocol, Rule>;
using dslab::labkit::concat;

Step at(NodeId node, NodeId from, Message msg, Effects effects = {}) {
  return {.node = node, .from = from, .msg = std::move(msg), .effects = std::move(effects)};
}
Step tick(NodeId node, Effects effects) {
  return {.node = node, .kind = CallKind::kTimer, .effects = std::move(effects)};
}
Step restart(NodeId node, Effects effects = {}) {
  return {.node = node, .kind = CallKind::kStart, .effects = std::move(effects), .restart = true};
}

Effect send(NodeId to, Message msg) { return dslab::node::Send<Protocol>{to, std::move(msg)}; }
Effect write() { return dslab::node::StorageWrite{"k", dslab::codec::Bytes{}}; }
Effect deliver(Slot slot, const Command& c) {
  return dslab::node::Emit<Protocol>{Delivered{slot, c}};
}
Effect redirect(const Command& c, NodeId leader) {
  return dslab::node::Emit<Protocol>{Redirect{c.client, c.seq, leader}};
}
/// `msg` to every replica, after `first` (e.g. a storage write).
Effects to_all(const Message& msg, Effects first = {}) {
  for (NodeId n = 1; n <= kNodes; ++n) first.push_back(send(n, msg));
  return first;
}
/// Several Accepts to every replica.
Effects accepts(const std::vector<Accept>& list) {
  Effects out;
  for (const Accept& a : list) {
    for (Effect& e : to_all(a)) out.push_back(std::move(e));
  }
  return out;
}

/// n1 is told it leads and starts round 1 for slots from 1.
std::vector<Step> lead() { return {at(1, kEnvironment, Leader{1}, to_all(Prepare{1, 1}))}; }
/// After lead: n1 and n2 promise round 1 (nothing accepted).
std::vector<Step> promise() {
  return {at(1, 1, Prepare{1, 1}, {write(), send(1, Promise{1, 1, {}})}),
          at(2, 1, Prepare{1, 1}, {write(), send(1, Promise{1, 1, {}})})};
}
/// After promise: n1 has both promises, then a client's kA goes into slot 1.
std::vector<Step> leads() {
  return {at(1, 1, Promise{1, 1, {}}), at(1, 2, Promise{1, 1, {}}),
          at(1, kEnvironment, ClientRequest{kA}, to_all(Accept{1, 1, kA}))};
}
/// After leads: n1 and n2 accept slot 1.
std::vector<Step> accept() {
  return {at(1, 1, Accept{1, 1, kA}, to_all(Learn{1, 1, kA}, {write()})),
          at(2, 1, Accept{1, 1, kA}, to_all(Learn{1, 1, kA}, {write()}))};
}
/// After accept: n3 learns slot 1 from n1 and n2 and delivers it.
std::vector<Step> learn() {
  return {at(3, 1, Learn{1, 1, kA}), at(3, 2, Learn{1, 1, kA}, {write(), deliver(1, kA)})};
}
std::vector<Step> decided() { return concat({lead(), promise(), leads(), accept(), learn()}); }

/// n1 leads round 4: n2 reports slot 1 (round 2, kX) and slot 3 (round 2, kZ), n3 reports
/// slot 1 (round 3, kY); on the second promise n1 sends `effects`.
std::vector<Step> reported(Effects effects) {
  return {at(1, kEnvironment, ClientRequest{kA}), at(1, kEnvironment, Leader{1}, to_all(Prepare{1, 4})),
          at(1, 2, Promise{1, 4, {{1, 2, kX}, {3, 2, kZ}}}),
          at(1, 3, Promise{1, 4, {{1, 3, kY}}}, std::move(effects))};
}

void run_rows(const std::vector<Row>& rows) {
  dslab::labkit::run_rule_rows(rows, [] { return LogRules(kNodes); });
}

/// n1 leading round 1 with slot 1 in flight puts `count` more client commands in slots 2, 3...
std::vector<Step> more_commands(int count) {
  std::vector<Step> out;
  for (int i = 0; i < count; ++i) {
    const Command c{3, static_cast<std::uint64_t>(i + 1), "w"};
    out.push_back(at(1, kEnvironment, ClientRequest{c}, to_all(Accept{i + 2, 1, c})));
  }
  return out;
}

TEST(LogRules, LegalSequencesPass) {
  run_rows({
      {.what = "phase 1, a command in slot 1, accepted, learned and delivered by n3",
       .steps = decided()},
      {.what = "re-proposal of the highest accepted round, a no-op gap, then a fresh slot",
       .steps = reported(accepts({{1, 4, kY}, {2, 4, noop()}, {3, 4, kZ}, {4, 4, kA}}))},
      {.what = "a stale slot resent on the Tick",
       .steps = concat({lead(), promise(), leads(), {tick(1, to_all(Accept{1, 1, kA}))}})},
      {.what = "a duplicated Prepare is refused with the promised round; the leader retries "
               "above it",
       .steps = concat({lead(), promise(),
                        {at(2, 1, Prepare{1, 1}, {send(1, Reject{1, 1})}),
                         at(1, 2, Reject{1, 1}), tick(1, to_all(Prepare{1, 4}))}})},
      {.what = "after a restart the acceptor keeps its promise and reports what it accepted",
       .steps = concat({lead(), promise(), leads(), accept(),
                        {restart(2), at(2, 1, Prepare{1, 1}, {send(1, Reject{1, 1})}),
                         at(2, 3, Prepare{1, 3},
                            {write(), send(3, Promise{1, 3, {{1, 1, kA}}})})}})},
      {.what = "a Promise reports only slots at or above prepare.slot",
       .steps = concat({lead(), promise(), leads(), accept(),
                        {at(2, 3, Prepare{2, 3}, {write(), send(3, Promise{2, 3, {}})})}})},
      {.what = "catch-up: a decided replica answers with Decisions, the asker delivers",
       .steps = concat({decided(),
                        {at(3, 2, CatchUp{1}, {send(2, Decisions{{{1, kA}}})}),
                         at(2, 3, Decisions{{{1, kA}}}, {write(), deliver(1, kA)})}})},
      {.what = "a restarted replica delivers what it decided before the crash",
       .steps = concat({lead(), promise(), leads(), accept(),
                        {at(3, 1, Learn{1, 1, kA}), at(3, 2, Learn{1, 1, kA}),
                         restart(3, {write(), deliver(1, kA)})}})},
      {.what = "a replica that does not lead redirects to the leader it believes in",
       .steps = {at(2, kEnvironment, Leader{1}),
                 at(2, kEnvironment, ClientRequest{kA}, {redirect(kA, 1)}),
                 at(3, kEnvironment, ClientRequest{kA}, {redirect(kA, 0)})}},
      {.what = "a full window; a decision frees a place",
       .steps = concat({lead(), promise(), leads(), more_commands(7),
                        {at(1, kEnvironment, ClientRequest{kB}), at(1, 1, Learn{1, 1, kA}),
                         at(1, 2, Learn{1, 1, kA},
                            {write(), deliver(1, kA), send(1, Accept{9, 1, kB}),
                             send(2, Accept{9, 1, kB}), send(3, Accept{9, 1, kB})})}})},
      {.what = "the next phase 1 starts at the first slot not delivered",
       .steps = concat({decided(), {at(3, kEnvironment, Leader{3}, to_all(Prepare{2, 3}))}})},
  });
}

TEST(LogRules, FlagsEveryBrokenAcceptorRule) {
  run_rows({
      {.what = "promise without a Prepare",
       .steps = {at(2, 1, Accept{1, 1, kA}, {write(), send(1, Promise{1, 1, {}})})},
       .broken = Rule::kPromiseAnswers},
      {.what = "promise again at the promised round (a duplicated Prepare)",
       .steps = concat({lead(), promise(),
                        {at(2, 1, Prepare{1, 1}, {write(), send(1, Promise{1, 1, {}})})}}),
       .broken = Rule::kPromiseAbove},
      {.what = "promise below a round promised before a crash",
       .steps = concat({lead(), promise(),
                        {restart(2), at(2, 1, Prepare{1, 1}, {write(), send(1, Promise{1, 1, {}})})}}),
       .broken = Rule::kPromiseAbove},
      {.what = "a Promise that forgets the accepted slot after a restart",
       .steps = concat({lead(), promise(), leads(), accept(),
                        {restart(2), at(2, 3, Prepare{1, 3}, {write(), send(3, Promise{1, 3, {}})})}}),
       .broken = Rule::kPromiseReports},
      {.what = "a Promise reporting a slot below prepare.slot",
       .steps = concat({lead(), promise(), leads(), accept(),
                        {at(2, 3, Prepare{2, 3}, {write(), send(3, Promise{2, 3, {{1, 1, kA}}})})}}),
       .broken = Rule::kPromiseReports},
      {.what = "a Promise reporting only the highest slot",
       .steps = {at(2, 1, Accept{1, 1, kA}, to_all(Learn{1, 1, kA}, {write()})),
                 at(2, 1, Accept{2, 1, kB}, to_all(Learn{2, 1, kB}, {write()})),
                 at(2, 3, Prepare{1, 3}, {write(), send(3, Promise{1, 3, {{2, 1, kB}}})})},
       .broken = Rule::kPromiseReports},
      {.what = "a Promise reporting slots in descending order",
       .steps = {at(2, 1, Accept{1, 1, kA}, to_all(Learn{1, 1, kA}, {write()})),
                 at(2, 1, Accept{2, 1, kB}, to_all(Learn{2, 1, kB}, {write()})),
                 at(2, 3, Prepare{1, 3},
                    {write(), send(3, Promise{1, 3, {{2, 1, kB}, {1, 1, kA}}})})},
       .broken = Rule::kPromiseReports},
      {.what = "a Promise reporting an overwritten slot's older value",
       .steps = {at(2, 1, Accept{1, 1, kA}, to_all(Learn{1, 1, kA}, {write()})),
                 at(2, 3, Accept{1, 3, kB}, to_all(Learn{1, 3, kB}, {write()})),
                 at(2, 1, Prepare{1, 4}, {write(), send(1, Promise{1, 4, {{1, 1, kA}}})})},
       .broken = Rule::kPromiseReports},
      {.what = "accept below the promised round",
       .steps = {at(2, 1, Prepare{1, 4}, {write(), send(1, Promise{1, 4, {}})}),
                 at(2, 3, Accept{1, 3, kA}, to_all(Learn{1, 3, kA}, {write()}))},
       .broken = Rule::kAcceptAtOrAbove},
      {.what = "a Learn without an Accept",
       .steps = {at(2, 1, Prepare{1, 1}, to_all(Learn{1, 1, kA}, {write()}))},
       .broken = Rule::kLearnAnswers},
      {.what = "a Learn only to the leader",
       .steps = {at(2, 1, Accept{1, 1, kA}, {write(), send(1, Learn{1, 1, kA})})},
       .broken = Rule::kLearnToAll},
      {.what = "a Reject whose promised round is below the refused Prepare's",
       .steps = {at(2, 1, Prepare{1, 1}, {send(1, Reject{1, 0})})},
       .broken = Rule::kRejectPromised},
      {.what = "a Reject of an Accept at the promised round",
       .steps = concat({lead(), promise(), {at(2, 1, Accept{1, 1, kA}, {send(1, Reject{1, 1})})}}),
       .broken = Rule::kRejectPromised},
      {.what = "a promise not written to storage",
       .steps = {at(2, 1, Prepare{1, 1}, {send(1, Promise{1, 1, {}})})},
       .broken = Rule::kPersistAcceptor},
      {.what = "an accept not written to storage",
       .steps = {at(2, 1, Accept{1, 1, kA}, to_all(Learn{1, 1, kA}))},
       .broken = Rule::kPersistAcceptor},
  });
}

TEST(LogRules, FlagsEveryBrokenProposerRule) {
  run_rows({
      {.what = "a round of another replica",
       .steps = {at(1, kEnvironment, Leader{1}, to_all(Prepare{1, 2}))},
       .broken = Rule::kOwnRounds},
      {.what = "phase 1 without being told it leads",
       .steps = {at(1, kEnvironment, ClientRequest{kA}, to_all(Prepare{1, 1}))},
       .broken = Rule::kLeaderOnly},
      {.what = "keep proposing after another replica was named leader",
       .steps = concat({lead(), promise(), leads(),
                        {at(1, kEnvironment, Leader{2}),
                         at(1, kEnvironment, ClientRequest{kB}, to_all(Accept{2, 1, kB}))}}),
       .broken = Rule::kLeaderOnly},
      {.what = "named leader again, it continues its old round without a new phase 1",
       .steps = concat({lead(), promise(), leads(),
                        {at(1, kEnvironment, Leader{2}), at(1, kEnvironment, Leader{1}),
                         at(1, kEnvironment, ClientRequest{kB}, to_all(Accept{2, 1, kB}))}}),
       .broken = Rule::kStopLeading},
      {.what = "a new phase 1 below a round seen in a Prepare",
       .steps = {at(1, kEnvironment, Leader{1}), at(1, 2, Prepare{1, 5}),
                 tick(1, to_all(Prepare{1, 4}))},
       .broken = Rule::kNewRound},
      {.what = "a new phase 1 not above the promised round of a Reject",
       .steps = concat({lead(), {at(1, 2, Reject{1, 5}), tick(1, to_all(Prepare{1, 4}))}}),
       .broken = Rule::kNewRound},
      {.what = "after a restart, a round its acceptor promised before the crash",
       .steps = concat({lead(), promise(),
                        {restart(1), at(1, kEnvironment, Leader{1}, to_all(Prepare{1, 1}))}}),
       .broken = Rule::kRoundAfterRestart},
      {.what = "phase 1 from slot 1 although slot 1 was delivered",
       .steps = concat({decided(), {at(3, kEnvironment, Leader{3}, to_all(Prepare{1, 3}))}}),
       .broken = Rule::kPrepareSlot},
      {.what = "an Accept on one promise of three replicas",
       .steps = concat({lead(), {at(1, 2, Promise{1, 1, {}}),
                                 at(1, kEnvironment, ClientRequest{kA}, to_all(Accept{1, 1, kA}))}}),
       .broken = Rule::kAcceptQuorum},
      {.what = "an Accept on a duplicated promise",
       .steps = concat({lead(), {at(1, 2, Promise{1, 1, {}}), at(1, 2, Promise{1, 1, {}}),
                                 at(1, kEnvironment, ClientRequest{kA}, to_all(Accept{1, 1, kA}))}}),
       .broken = Rule::kAcceptQuorum},
      {.what = "an Accept in a round it did not start",
       .steps = concat({lead(), promise(), leads(),
                        {at(1, kEnvironment, ClientRequest{kB}, to_all(Accept{2, 4, kB}))}}),
       .broken = Rule::kAcceptQuorum},
      {.what = "keep leading after a Reject with a higher round",
       .steps = concat({lead(), promise(), leads(),
                        {at(1, 2, Reject{1, 5}),
                         at(1, kEnvironment, ClientRequest{kB}, to_all(Accept{2, 1, kB}))}}),
       .broken = Rule::kStopLeading},
      {.what = "resend a stale slot after a Reject with a higher round",
       .steps = concat({lead(), promise(), leads(),
                        {at(1, 2, Reject{1, 5}), tick(1, to_all(Accept{1, 1, kA}))}}),
       .broken = Rule::kStopLeading},
      {.what = "an Accept in a slot below the Prepare's (at or below adu)",
       .steps = concat({decided(),
                        {at(3, kEnvironment, Leader{3}, to_all(Prepare{2, 3})),
                         at(3, 1, Promise{2, 3, {}}),
                         at(3, 2, Promise{2, 3, {}}, to_all(Accept{1, 3, noop()}))}}),
       .broken = Rule::kAcceptSlot},
      {.what = "the client's command in a slot a promise reports",
       .steps = reported(to_all(Accept{1, 4, kA})), .broken = Rule::kAcceptValue},
      {.what = "the command of a lower accepted round",
       .steps = reported(to_all(Accept{1, 4, kX})), .broken = Rule::kAcceptValue},
      {.what = "a no-op in a reported slot",
       .steps = reported(to_all(Accept{1, 4, noop()})), .broken = Rule::kAcceptValue},
      {.what = "a client command in a gap below the highest reported slot",
       .steps = reported(accepts({{1, 4, kY}, {2, 4, kA}})), .broken = Rule::kAcceptValue},
      {.what = "a no-op in a fresh slot",
       .steps = reported(accepts({{1, 4, kY}, {2, 4, noop()}, {3, 4, kZ}, {4, 4, noop()}})),
       .broken = Rule::kAcceptValue},
      {.what = "a command no client sent it",
       .steps = concat({lead(), promise(),
                        {at(1, 1, Promise{1, 1, {}}), at(1, 2, Promise{1, 1, {}}, to_all(Accept{1, 1, kB}))}}),
       .broken = Rule::kAcceptValue},
      {.what = "two commands in one (slot, round)",
       .steps = concat({lead(), promise(), leads(),
                        {at(1, kEnvironment, ClientRequest{kB}, to_all(Accept{1, 1, kB}))}}),
       .broken = Rule::kOneValuePerRound},
      {.what = "a (slot, round) reused with another command after a restart",
       .steps = concat({lead(),
                        {at(2, 1, Prepare{1, 1}, {write(), send(1, Promise{1, 1, {}})}),
                         at(3, 1, Prepare{1, 1}, {write(), send(1, Promise{1, 1, {}})}),
                         at(1, 2, Promise{1, 1, {}}),
                         at(1, 3, Promise{1, 1, {}}),
                         at(1, kEnvironment, ClientRequest{kA}, to_all(Accept{1, 1, kA})),
                         restart(1), at(1, kEnvironment, Leader{1}, to_all(Prepare{1, 1})),
                         at(1, 2, Promise{1, 1, {}}), at(1, 3, Promise{1, 1, {}}),
                         at(1, kEnvironment, ClientRequest{kB}, to_all(Accept{1, 1, kB}))}}),
       .broken = Rule::kOneValuePerRound},
      {.what = "a ninth slot in flight",
       .steps = concat({lead(), promise(), leads(), more_commands(8)}),
       .broken = Rule::kWindow},
  });
}

TEST(LogRules, FlagsEveryBrokenLearnerAndReplicaRule) {
  run_rows({
      {.what = "deliver on the first Learn",
       .steps = {at(3, 1, Learn{1, 1, kA}, {write(), deliver(1, kA)})},
       .broken = Rule::kDeliverDecided},
      {.what = "deliver on a duplicated Learn from one acceptor",
       .steps = {at(3, 1, Learn{1, 1, kA}), at(3, 1, Learn{1, 1, kA}, {write(), deliver(1, kA)})},
       .broken = Rule::kDeliverDecided},
      {.what = "deliver on Learns of two rounds",
       .steps = {at(3, 1, Learn{1, 1, kA}), at(3, 2, Learn{1, 4, kA}, {write(), deliver(1, kA)})},
       .broken = Rule::kDeliverDecided},
      {.what = "deliver on Learns received before a restart (not a decision yet)",
       .steps = {at(3, 1, Learn{1, 1, kA}), restart(3),
                 at(3, 2, Learn{1, 1, kA}, {write(), deliver(1, kA)})},
       .broken = Rule::kDeliverDecided},
      {.what = "deliver another command than the decided one",
       .steps = {at(3, 1, Learn{1, 1, kA}), at(3, 2, Learn{1, 1, kA}, {write(), deliver(1, kB)})},
       .broken = Rule::kDeliverDecided},
      {.what = "deliver without persisting",
       .steps = {at(3, 1, Learn{1, 1, kA}), at(3, 2, Learn{1, 1, kA}, {deliver(1, kA)})},
       .broken = Rule::kPersistDelivery},
      {.what = "catch-up answered with an undecided (only accepted) slot",
       .steps = concat({lead(), promise(), leads(), accept(),
                        {at(2, 3, CatchUp{1}, {send(3, Decisions{{{1, kA}}})})}}),
       .broken = Rule::kDecisionsDecided},
      {.what = "catch-up answered below the asked slot",
       .steps = concat({decided(), {at(3, 2, CatchUp{2}, {send(2, Decisions{{{1, kA}}})})}}),
       .broken = Rule::kDecisionsDecided},
      {.what = "redirect to itself while it believes it leads",
       .steps = {at(1, kEnvironment, Leader{1}),
                 at(1, kEnvironment, ClientRequest{kA}, {redirect(kA, 1)})},
       .broken = Rule::kRedirectLeader},
      {.what = "redirect to another replica than the one its last Leader named",
       .steps = {at(2, kEnvironment, Leader{1}), at(2, kEnvironment, Leader{3}),
                 at(2, kEnvironment, ClientRequest{kA}, {redirect(kA, 1)})},
       .broken = Rule::kRedirectLeader},
      {.what = "redirect to a leader known before a restart",
       .steps = {at(2, kEnvironment, Leader{1}), restart(2),
                 at(2, kEnvironment, ClientRequest{kA}, {redirect(kA, 1)})},
       .broken = Rule::kRedirectLeader},
  });
}

TEST(LogRules, MessageNamesTheNodeTheMessageAndTheRule) {
  LogRules rules(kNodes);
  const Message prepare = Prepare{1, 1};
  const Effects effects = {send(1, Promise{1, 1, {}})};
  rules.handled({.node = 2, .now = 5000, .kind = CallKind::kMessage, .from = 1, .msg = &prepare,
                 .effects = effects});
  ASSERT_TRUE(rules.violation().has_value());
  const std::string& text = *rules.violation();
  EXPECT_NE(text.find("n2 sent Promise(slot=1, round=1"), std::string::npos) << text;
  EXPECT_NE(text.find("handling Prepare(slot=1, round=1) from n1"), std::string::npos) << text;
  EXPECT_NE(text.find("rule: the acceptor's promised round and accepted slots go to stable"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace lab4::checks
