// Lab 3 public tests: the proposer, through one node, as message tables.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/public/public_common.hpp"

namespace lab3::table {
namespace {

std::vector<Sent> to_all(int n, const Message& msg) {
  std::vector<Sent> out;
  for (NodeId i = 1; i <= n; ++i) out.push_back({i, msg});
  return out;
}

TEST(Proposer, OnlyALeaderWithAClientValueProposes) {
  StartedNode node(1, 3);
  run(node.driver, {
      {"client value, leader unknown", env(ClientRequest{"a"}), {}, kinds<Prepare>()},
      {"another node is leader", env(Leader{2}), {}, kinds<Prepare>()},
      {"this node becomes leader: prepare round 1 to all", env(Leader{1}),
       to_all(3, Prepare{1})},
  });
}

TEST(Proposer, FirstRoundIsItsIdAndRetriesStepByClusterSize) {
  StartedNode node(2, 3);
  run(node.driver, {
      {"leader", env(Leader{2}), {}, kinds<Prepare>()},
      {"client value: round 2", env(ClientRequest{"a"}), to_all(3, Prepare{2})},
      {"progress timeout: round 5", FireTimer{}, to_all(3, Prepare{5})},
      {"progress timeout: round 8", FireTimer{}, to_all(3, Prepare{8})},
  });
}

TEST(Proposer, NewRoundIsAboveEveryRoundSeen) {
  StartedNode node(1, 3);
  run(node.driver, {
      {"as acceptor, promise round 8 of n2", Deliver{2, Prepare{8}},
       {{2, Promise{8, kNoRound, ""}}}},
      {"leader", env(Leader{1})},
      {"client value: first own round above 8 is 10", env(ClientRequest{"a"}),
       to_all(3, Prepare{10})},
  });
}

TEST(Proposer, QuorumOfPromisesSendsAcceptWithClientValue) {
  StartedNode node(1, 3);
  run(node.driver, {
      {"leader", env(Leader{1})},
      {"client value", env(ClientRequest{"a"}), to_all(3, Prepare{1})},
      {"one promise is not a quorum", Deliver{1, Promise{1, kNoRound, ""}}, {}, kinds<Accept>()},
      {"second distinct promise: accept own value", Deliver{3, Promise{1, kNoRound, ""}},
       to_all(3, Accept{1, "a"})},
  });
}

TEST(Proposer, IdenticalPromisesFromOneSenderAreNotAQuorum) {
  StartedNode node(1, 3);
  run(node.driver, {
      {"leader with a value", env(Leader{1})},
      {"client value", env(ClientRequest{"a"}), to_all(3, Prepare{1})},
      {"promise from n2", Deliver{2, Promise{1, kNoRound, ""}}, {}, kinds<Accept>()},
      {"same promise from n2 again", Deliver{2, Promise{1, kNoRound, ""}}, {}, kinds<Accept>()},
      {"promise from n3 completes the quorum", Deliver{3, Promise{1, kNoRound, ""}},
       to_all(3, Accept{1, "a"})},
  });
}

TEST(Proposer, ValueWithHighestAcceptedRoundWins) {
  StartedNode node(1, 5);
  run(node.driver, {
      {"as acceptor, promise round 20", Deliver{4, Prepare{20}}, {{4, Promise{20, 0, ""}}}},
      {"leader", env(Leader{1})},
      {"client value: round 21", env(ClientRequest{"mine"}), to_all(5, Prepare{21})},
      {"promise with (7, x)", Deliver{2, Promise{21, 7, "x"}}, {}, kinds<Accept>()},
      {"promise with (12, y)", Deliver{3, Promise{21, 12, "y"}}, {}, kinds<Accept>()},
      {"promise with nothing: quorum, y wins", Deliver{5, Promise{21, kNoRound, ""}},
       to_all(5, Accept{21, "y"})},
  });
}

TEST(Proposer, IgnoresPromisesOfOtherRounds) {
  StartedNode node(1, 3);
  run(node.driver, {
      {"leader", env(Leader{1})},
      {"client value", env(ClientRequest{"a"}), to_all(3, Prepare{1})},
      {"progress timeout: round 4", FireTimer{}, to_all(3, Prepare{4})},
      {"promise of old round 1", Deliver{2, Promise{1, kNoRound, ""}}, {}, kinds<Accept>()},
      {"promise of round 4", Deliver{3, Promise{4, kNoRound, ""}}, {}, kinds<Accept>()},
      {"another old one", Deliver{1, Promise{1, kNoRound, ""}}, {}, kinds<Accept>()},
      {"second promise of round 4", Deliver{2, Promise{4, kNoRound, ""}},
       to_all(3, Accept{4, "a"})},
  });
}

}  // namespace
}  // namespace lab3::table
