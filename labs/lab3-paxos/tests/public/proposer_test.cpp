// Lab 3 public tests: the proposer, through one node, as message tables.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/public/public_common.hpp"

namespace lab3::table {
namespace {

TEST(Proposer, OnlyALeaderWithAClientValueProposes) {
  Table node(1, 3);
  node.run({
      {.what = "client value, leader unknown", .input = env(ClientRequest{"a"}),
       .no_kinds = kinds<Prepare>()},
      {.what = "another node is leader", .input = env(Leader{2}), .no_kinds = kinds<Prepare>()},
      {.what = "this node becomes leader: prepare round 1 to all", .input = env(Leader{1}),
       .sends = to_all(3, Prepare{1})},
  });
}

TEST(Proposer, FirstRoundIsItsIdAndRetriesStepByClusterSize) {
  Table node(2, 3);
  node.run({
      {.what = "leader", .input = env(Leader{2}), .no_kinds = kinds<Prepare>()},
      {.what = "client value: round 2", .input = env(ClientRequest{"a"}),
       .sends = to_all(3, Prepare{2})},
      {.what = "progress timeout: round 5", .input = FireTimer{}, .sends = to_all(3, Prepare{5})},
      {.what = "progress timeout: round 8", .input = FireTimer{}, .sends = to_all(3, Prepare{8})},
  });
}

TEST(Proposer, NewRoundIsAboveEveryRoundSeen) {
  Table node(1, 3);
  node.run({
      {.what = "as acceptor, promise round 8 of n2", .input = from(2, Prepare{8}),
       .sends = {to(2, Promise{8, kNoRound, ""})}},
      {.what = "leader", .input = env(Leader{1})},
      {.what = "client value: first own round above 8 is 10", .input = env(ClientRequest{"a"}),
       .sends = to_all(3, Prepare{10})},
  });
}

TEST(Proposer, QuorumOfPromisesSendsAcceptWithClientValue) {
  Table node(1, 3);
  node.run({
      {.what = "leader", .input = env(Leader{1})},
      {.what = "client value", .input = env(ClientRequest{"a"}), .sends = to_all(3, Prepare{1})},
      {.what = "one promise is not a quorum", .input = from(1, Promise{1, kNoRound, ""}),
       .no_kinds = kinds<Accept>()},
      {.what = "second distinct promise: accept own value",
       .input = from(3, Promise{1, kNoRound, ""}), .sends = to_all(3, Accept{1, "a"})},
  });
}

TEST(Proposer, IdenticalPromisesFromOneSenderAreNotAQuorum) {
  Table node(1, 3);
  node.run({
      {.what = "leader with a value", .input = env(Leader{1})},
      {.what = "client value", .input = env(ClientRequest{"a"}), .sends = to_all(3, Prepare{1})},
      {.what = "promise from n2", .input = from(2, Promise{1, kNoRound, ""}),
       .no_kinds = kinds<Accept>()},
      {.what = "same promise from n2 again", .input = from(2, Promise{1, kNoRound, ""}),
       .no_kinds = kinds<Accept>()},
      {.what = "promise from n3 completes the quorum", .input = from(3, Promise{1, kNoRound, ""}),
       .sends = to_all(3, Accept{1, "a"})},
  });
}

TEST(Proposer, ValueWithHighestAcceptedRoundWins) {
  Table node(1, 5);
  node.run({
      {.what = "as acceptor, promise round 20", .input = from(4, Prepare{20}),
       .sends = {to(4, Promise{20, 0, ""})}},
      {.what = "leader", .input = env(Leader{1})},
      {.what = "client value: round 21", .input = env(ClientRequest{"mine"}),
       .sends = to_all(5, Prepare{21})},
      {.what = "promise with (7, x)", .input = from(2, Promise{21, 7, "x"}),
       .no_kinds = kinds<Accept>()},
      {.what = "promise with (12, y)", .input = from(3, Promise{21, 12, "y"}),
       .no_kinds = kinds<Accept>()},
      {.what = "promise with nothing: quorum, y wins", .input = from(5, Promise{21, kNoRound, ""}),
       .sends = to_all(5, Accept{21, "y"})},
  });
}

TEST(Proposer, IgnoresPromisesOfOtherRounds) {
  Table node(1, 3);
  node.run({
      {.what = "leader", .input = env(Leader{1})},
      {.what = "client value", .input = env(ClientRequest{"a"}), .sends = to_all(3, Prepare{1})},
      {.what = "progress timeout: round 4", .input = FireTimer{}, .sends = to_all(3, Prepare{4})},
      {.what = "promise of old round 1", .input = from(2, Promise{1, kNoRound, ""}),
       .no_kinds = kinds<Accept>()},
      {.what = "promise of round 4", .input = from(3, Promise{4, kNoRound, ""}),
       .no_kinds = kinds<Accept>()},
      {.what = "another old one", .input = from(1, Promise{1, kNoRound, ""}),
       .no_kinds = kinds<Accept>()},
      {.what = "second promise of round 4", .input = from(2, Promise{4, kNoRound, ""}),
       .sends = to_all(3, Accept{4, "a"})},
  });
}

}  // namespace
}  // namespace lab3::table
