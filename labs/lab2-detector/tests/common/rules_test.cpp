// Lab 2 checker tests: hand-made handler-call sequences fed to the justified-output rules; each
// rule is flagged when broken, and legal runs (the handout's algorithm) pass.
#include "labs/lab2-detector/tests/common/rules.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace lab2::checks {
namespace {

using dslab::msec;
namespace node = dslab::node;
using Effects = std::vector<node::Effect<Protocol>>;

/// One node of a cluster of `n`, fed calls at the times given; effects written by hand.
struct Feed {
  explicit Feed(int n) : rules(n) {}

  std::optional<std::string> start(Effects effects, Time at = 0) {
    return call(CallKind::kStart, at, 0, nullptr, std::move(effects));
  }
  std::optional<std::string> reply_from(NodeId from, Time at, Effects effects = {}) {
    static const Protocol::Message reply = HeartbeatReply{};
    return call(CallKind::kMessage, at, from, &reply, std::move(effects));
  }
  std::optional<std::string> request_from(NodeId from, Time at, Effects effects) {
    static const Protocol::Message request = HeartbeatRequest{};
    return call(CallKind::kMessage, at, from, &request, std::move(effects));
  }
  std::optional<std::string> timeout(Time at, Effects effects) {
    return call(CallKind::kTimer, at, 0, nullptr, std::move(effects));
  }
  std::optional<std::string> call(CallKind kind, Time at, NodeId from, const Protocol::Message* msg,
                                  Effects effects) {
    stored = std::move(effects);
    static const Protocol::Timer timer = Timeout{};
    const HandlerCall c{.node = 1,
                        .now = at,
                        .kind = kind,
                        .from = from,
                        .msg = msg,
                        .timer = kind == CallKind::kTimer ? &timer : nullptr,
                        .effects = stored};
    return rules.check(c);
  }

  NodeRules rules;
  Effects stored;
};

node::Effect<Protocol> out(Protocol::Output o) { return node::Emit<Protocol>{.output = o}; }
node::Effect<Protocol> timer(Duration after) {
  return node::SetTimer<Protocol>{.id = 1, .after = after, .timer = Timeout{}};
}
node::Effect<Protocol> send(NodeId to, Protocol::Message m) {
  return node::Send<Protocol>{.to = to, .msg = m};
}
/// A timeout's requests to nodes 1..n plus `rest`.
Effects requests(int n, Effects rest) {
  for (NodeId to = 1; to <= n; ++to) rest.push_back(send(to, HeartbeatRequest{}));
  return rest;
}

/// Node 1 of 3: start, first timeout (all alive), then a timeout that hears only n1 and n2.
Feed suspecting_n3() {
  Feed f(3);
  EXPECT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  EXPECT_EQ(f.timeout(msec(100), requests(3, {timer(kInitialDelay)})), std::nullopt);
  EXPECT_EQ(f.reply_from(1, msec(101)), std::nullopt);
  EXPECT_EQ(f.reply_from(2, msec(105)), std::nullopt);
  EXPECT_EQ(
      f.timeout(msec(200), requests(3, {out(Suspect{3}), out(Trust{2}), timer(kInitialDelay)})),
      std::nullopt);
  return f;
}

bool flagged(const std::optional<std::string>& v, const char* rule) {
  return v && v->find(rule) != std::string::npos;
}

TEST(JustifiedOutputs, LegalRunOfTheAlgorithmPasses) {
  Feed f = suspecting_n3();
  EXPECT_EQ(f.request_from(2, msec(201), {send(2, HeartbeatReply{})}), std::nullopt);
  for (NodeId q : {1, 2, 3}) EXPECT_EQ(f.reply_from(q, msec(210)), std::nullopt);
  EXPECT_EQ(f.timeout(msec(300),
                      requests(3, {out(Restore{3}), out(Trust{3}), timer(kInitialDelay + kDelta)})),
            std::nullopt);
  EXPECT_EQ(f.rules.delay(), kInitialDelay + kDelta);
  EXPECT_EQ(f.rules.leader(), 3);
}

TEST(JustifiedOutputs, FirstTimeoutSuspectsNobodyBecauseEveryNodeStartsAlive) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  EXPECT_TRUE(flagged(
      f.timeout(msec(100), requests(3, {out(Suspect{2}), out(Trust{3}), timer(kInitialDelay)})),
      "justified suspicion"));
}

TEST(JustifiedOutputs, SuspectOfANodeHeardFromInThePeriodIsFlagged) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  ASSERT_EQ(f.timeout(msec(100), requests(3, {timer(kInitialDelay)})), std::nullopt);
  for (NodeId q : {1, 2, 3}) ASSERT_EQ(f.reply_from(q, msec(150)), std::nullopt);
  const auto v =
      f.timeout(msec(200), requests(3, {out(Suspect{3}), out(Trust{2}), timer(kInitialDelay)}));
  EXPECT_TRUE(flagged(v, "justified suspicion"));
  EXPECT_TRUE(flagged(v, "n1 in its timeout at t="));
}

TEST(JustifiedOutputs, SilentNodeNotSuspectedIsFlagged) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  ASSERT_EQ(f.timeout(msec(100), requests(3, {timer(kInitialDelay)})), std::nullopt);
  ASSERT_EQ(f.reply_from(1, msec(150)), std::nullopt);
  ASSERT_EQ(f.reply_from(2, msec(150)), std::nullopt);
  EXPECT_TRUE(
      flagged(f.timeout(msec(200), requests(3, {timer(kInitialDelay)})), "suspect a silent node"));
}

TEST(JustifiedOutputs, SuspicionNeverRestoredIsFlagged) {
  Feed f = suspecting_n3();
  for (NodeId q : {1, 2, 3}) ASSERT_EQ(f.reply_from(q, msec(250)), std::nullopt);
  EXPECT_TRUE(flagged(f.timeout(msec(300), requests(3, {timer(kInitialDelay + kDelta)})),
                      "restore a node heard from"));
}

TEST(JustifiedOutputs, RestoreOfANodeStillSilentIsFlagged) {
  Feed f = suspecting_n3();
  ASSERT_EQ(f.reply_from(1, msec(250)), std::nullopt);
  ASSERT_EQ(f.reply_from(2, msec(250)), std::nullopt);
  EXPECT_TRUE(flagged(f.timeout(msec(300), requests(3, {out(Restore{3}), out(Trust{3}),
                                                        timer(kInitialDelay + kDelta)})),
                      "justified restore"));
}

TEST(JustifiedOutputs, DelayNotGrownOnAFalseSuspicionIsFlagged) {
  Feed f = suspecting_n3();
  for (NodeId q : {1, 2, 3}) ASSERT_EQ(f.reply_from(q, msec(250)), std::nullopt);
  EXPECT_TRUE(flagged(
      f.timeout(msec(300), requests(3, {out(Restore{3}), out(Trust{3}), timer(kInitialDelay)})),
      "\"delay\""));
}

TEST(JustifiedOutputs, DelayGrownWithoutAFalseSuspicionIsFlagged) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  EXPECT_TRUE(
      flagged(f.timeout(msec(100), requests(3, {timer(kInitialDelay + kDelta)})), "\"delay\""));
}

TEST(JustifiedOutputs, LeaderChangeWithoutTrustIsFlagged) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  ASSERT_EQ(f.timeout(msec(100), requests(3, {timer(kInitialDelay)})), std::nullopt);
  EXPECT_TRUE(flagged(f.timeout(msec(200), requests(3, {out(Suspect{1}), out(Suspect{2}),
                                                        out(Suspect{3}), timer(kInitialDelay)})),
                      "leader on every change"));
}

TEST(JustifiedOutputs, NoLeaderIsAnnouncedWhenEveryNodeIsSuspected) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  ASSERT_EQ(f.timeout(msec(100), requests(3, {timer(kInitialDelay)})), std::nullopt);
  EXPECT_EQ(f.timeout(msec(200), requests(3, {out(Suspect{1}), out(Suspect{2}), out(Suspect{3}),
                                              out(Trust{kUnknownLeader}), timer(kInitialDelay)})),
            std::nullopt);
  EXPECT_EQ(f.rules.leader(), kUnknownLeader);
}

TEST(JustifiedOutputs, TrustRepeatedWithoutAChangeIsFlagged) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  ASSERT_EQ(f.timeout(msec(100), requests(3, {timer(kInitialDelay)})), std::nullopt);
  for (NodeId q : {1, 2, 3}) ASSERT_EQ(f.reply_from(q, msec(150)), std::nullopt);
  EXPECT_TRUE(flagged(f.timeout(msec(200), requests(3, {out(Trust{3}), timer(kInitialDelay)})),
                      "leader only on a change"));
}

TEST(JustifiedOutputs, WrongLeaderIsFlagged) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  ASSERT_EQ(f.timeout(msec(100), requests(3, {timer(kInitialDelay)})), std::nullopt);
  ASSERT_EQ(f.reply_from(2, msec(150)), std::nullopt);
  ASSERT_EQ(f.reply_from(3, msec(150)), std::nullopt);
  EXPECT_TRUE(flagged(
      f.timeout(msec(200), requests(3, {out(Suspect{1}), out(Trust{2}), timer(kInitialDelay)})),
      "leader only on a change"));
}

TEST(JustifiedOutputs, StartMustAnnounceTheHighestId) {
  Feed f(3);
  EXPECT_TRUE(flagged(f.start({timer(kInitialDelay)}), "leader on every change"));
  Feed g(3);
  EXPECT_TRUE(flagged(g.start({out(Trust{1}), timer(kInitialDelay)}), "\"leader\""));
}

TEST(JustifiedOutputs, OutputWhileHandlingAMessageIsFlagged) {
  Feed f(3);
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}), std::nullopt);
  EXPECT_TRUE(flagged(f.reply_from(2, msec(10), {out(Restore{2})}), "outputs only in a timeout"));
}

TEST(JustifiedOutputs, StableStorageWriteIsFlagged) {
  Feed f(3);
  const auto v = f.start(
      {out(Trust{3}), timer(kInitialDelay), node::StorageWrite{.key = "delay", .value = {}}});
  EXPECT_TRUE(flagged(v, "no stable storage"));
}

TEST(JustifiedOutputs, RestartStartsFromScratch) {
  Feed f = suspecting_n3();
  f.rules.crash();
  ASSERT_EQ(f.start({out(Trust{3}), timer(kInitialDelay)}, msec(400)), std::nullopt);
  // The restarted node suspects nobody: its first timeout must not restore n3.
  EXPECT_TRUE(flagged(f.timeout(msec(500), requests(3, {out(Restore{3}), timer(kInitialDelay)})),
                      "justified restore"));
}

}  // namespace
}  // namespace lab2::checks
