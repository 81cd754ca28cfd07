// Tests of the Paxos rule pieces the labs' checkers share: the promised round and its wording,
// own rounds, leadership, restart rounds, short broadcasts, and the quorum justification of a
// value.
#include "runtime/testing/paxos_rules.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "runtime/examples/ping/ping.hpp"

namespace dslab::labkit {
namespace {

using PingProtocol = examples::ping::Protocol;
using examples::ping::Ping;
using examples::ping::Pong;
using Call = HandlerCall<PingProtocol>;
using Effect = node::Effect<PingProtocol>;

TEST(PromisedRound, RisesOnlyAndSaysWhenAndInWhichIncarnation) {
  PromisedRound p;
  p.raise(3, msec(5), 1);
  p.raise(2, msec(7), 2);
  EXPECT_EQ(p.round, 3);
  EXPECT_EQ(p.at, msec(5));
  EXPECT_EQ(p.text(1), "it promised or accepted round 3 at t=" + format_time(msec(5)));
  EXPECT_EQ(p.text(2), p.text(1) + ", before it crashed");
}

TEST(OwnRounds, ProposerPOfNUsesPPlusMultiplesOfN) {
  EXPECT_TRUE(own_round(2, 3, 2));
  EXPECT_TRUE(own_round(2, 3, 8));
  EXPECT_FALSE(own_round(2, 3, 3));
  EXPECT_FALSE(own_round(2, 3, -1));
  EXPECT_EQ(own_rounds_text(2, 3), "n2's rounds are 2, 5, 8, ...");
}

TEST(Leadership, OnlyTheNamedLeaderProposes) {
  EXPECT_EQ(not_leader(1, 1), std::nullopt);
  EXPECT_EQ(not_leader(1, 0), "it received no Leader since its start");
  EXPECT_EQ(not_leader(1, 3), "the last Leader it received named n3");
  EXPECT_EQ(below_reloaded_promise(5, 4), std::nullopt);
  EXPECT_EQ(below_reloaded_promise(4, 4), "it restarted with a promise for round 4 in its storage");
}

TEST(ShortBroadcast, FindsTheAnswerThatMissedANode) {
  const std::vector<Effect> effects = {
      node::Send<PingProtocol>{1, Ping{7}}, node::Send<PingProtocol>{2, Ping{7}},
      node::Send<PingProtocol>{3, Ping{7}}, node::Send<PingProtocol>{1, Ping{8}},
      node::Send<PingProtocol>{2, Pong{8}}};
  const Call call{.node = 1, .effects = effects};
  const auto seq = [](const Ping& p) { return p.seq; };
  const auto short_of = short_broadcast<Ping>(call, 3, seq);
  ASSERT_TRUE(short_of.has_value());
  EXPECT_EQ(short_of->first.seq, 8u);
  EXPECT_EQ(short_of->second, (std::set<NodeId>{1}));
  EXPECT_FALSE(short_broadcast<Ping>(call, 1, seq).has_value()) << "one node: all reached";
}

TEST(QuorumValue, AValueIsJustifiedByTheHighestRoundOfSomeQuorum) {
  // Promises of acceptors 1..3 for one value: what each reports (round, value), or nothing.
  using Reported = Report<std::string>;
  const auto report = [](const Reported& r) { return r; };
  const std::map<NodeId, Reported> promises = {
      {1, std::pair(PaxosRound{2}, std::string("x"))},
      {2, std::pair(PaxosRound{3}, std::string("y"))},
      {3, std::nullopt}};
  EXPECT_TRUE(reproposal_justified(promises, 2, report, std::string("y")));
  EXPECT_TRUE(reproposal_justified(promises, 2, report, std::string("x")))
      << "the quorum {1, 3} has x as its highest";
  EXPECT_FALSE(reproposal_justified(promises, 3, report, std::string("x")))
      << "the whole cluster's highest is y";
  EXPECT_FALSE(reproposal_justified(promises, 2, report, std::string("z")));
  EXPECT_EQ(unreported(promises, report), 1);
}

}  // namespace
}  // namespace dslab::labkit
