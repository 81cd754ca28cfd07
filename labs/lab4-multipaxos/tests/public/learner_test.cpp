// Lab 4 public tests: the learner and the replica, through replica 1 of a 3-replica cluster:
// quorums per slot and round, in-order delivery, redirects and catch-up.
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/public/public_common.hpp"

namespace lab4::table {
namespace {

std::vector<Output> delivers(std::vector<Delivered> slots) {
  return {slots.begin(), slots.end()};
}

TEST(Learner, DecidesASlotOnAQuorumOfDistinctAcceptorsInOneRound) {
  Table node(1, 3);
  node.run({
      {.what = "n2 accepted slot 1", .input = from(2, Learn{1, 3, cmd(1, 1)}),
       .outputs = delivers({})},
      {.what = "n2 again is not a quorum", .input = from(2, Learn{1, 3, cmd(1, 1)}),
       .outputs = delivers({})},
      {.what = "n3 makes a quorum", .input = from(3, Learn{1, 3, cmd(1, 1)}),
       .outputs = delivers({{1, cmd(1, 1)}})},
  });
}

TEST(Learner, DoesNotMixRounds) {
  Table node(1, 3);
  node.run({
      {.what = "n2 in round 3", .input = from(2, Learn{1, 3, cmd(1, 1)}), .outputs = delivers({})},
      {.what = "n3 in round 6", .input = from(3, Learn{1, 6, cmd(2, 1)}), .outputs = delivers({})},
      {.what = "n2 in round 6: a quorum of round 6", .input = from(2, Learn{1, 6, cmd(2, 1)}),
       .outputs = delivers({{1, cmd(2, 1)}})},
  });
}

TEST(Learner, DeliversOutOfOrderDecisionsInSlotOrderOnce) {
  Table node(1, 3);
  node.run({
      {.what = "slot 2 (1 of 2)", .input = from(2, Learn{2, 3, cmd(1, 2)}), .outputs = delivers({})},
      {.what = "slot 2 decided, but slot 1 is not: nothing yet",
       .input = from(3, Learn{2, 3, cmd(1, 2)}), .outputs = delivers({})},
      {.what = "slot 1 (1 of 2)", .input = from(2, Learn{1, 3, noop()}), .outputs = delivers({})},
      {.what = "slot 1 decided (a no-op): slots 1 and 2 delivered",
       .input = from(3, Learn{1, 3, noop()}), .outputs = delivers({{1, noop()}, {2, cmd(1, 2)}})},
      {.what = "a decided slot is final", .input = from(1, Learn{2, 6, cmd(9, 9)}),
       .outputs = delivers({})},
      {.what = "crash and restart: nothing delivered again", .input = Restart{},
       .outputs = delivers({})},
      {.what = "slot 2 again after the restart", .input = from(2, Learn{2, 3, cmd(1, 2)}),
       .outputs = delivers({})},
      {.what = "and from a second acceptor", .input = from(3, Learn{2, 3, cmd(1, 2)}),
       .outputs = delivers({})},
  });
}

TEST(Replica, NonLeaderRedirectsClientsToTheLeaderItBelievesIn) {
  Table node(1, 3);
  node.run({
      {.what = "no leader known yet", .input = env(ClientRequest{cmd(4, 2)}),
       .no_kinds = kinds<Prepare, Accept>(), .outputs = std::vector<Output>{Redirect{4, 2, 0}}},
      {.what = "told n2 leads", .input = env(Leader{2}), .no_kinds = kinds<Prepare>()},
      {.what = "redirect to n2", .input = env(ClientRequest{cmd(4, 3)}),
       .no_kinds = kinds<Prepare, Accept>(), .outputs = std::vector<Output>{Redirect{4, 3, 2}}},
      {.what = "told it leads itself: phase 1", .input = env(Leader{1}),
       .sends = to_all(3, Prepare{1, 1})},
      {.what = "the leader takes the command, no redirect", .input = env(ClientRequest{cmd(4, 4)}),
       .outputs = std::vector<Output>{}},
      {.what = "told n3 leads", .input = env(Leader{3}), .no_kinds = kinds<Prepare, Accept>()},
      {.what = "redirect to n3, the latest leader it was told of",
       .input = env(ClientRequest{cmd(5, 1)}), .no_kinds = kinds<Prepare, Accept>(),
       .outputs = std::vector<Output>{Redirect{5, 1, 3}}},
  });
}

TEST(Replica, CatchUpAnswersWithDecidedSlotsAndFillsALaggingLog) {
  Table node(1, 3);
  node.run({
      {.what = "slot 1 (1 of 2)", .input = from(2, Learn{1, 3, cmd(1, 1)})},
      {.what = "slot 1 decided", .input = from(3, Learn{1, 3, cmd(1, 1)}),
       .outputs = delivers({{1, cmd(1, 1)}})},
      {.what = "a peer asks from slot 1", .input = from(2, CatchUp{1}),
       .sends = {to(2, Decisions{{{1, cmd(1, 1)}}})}},
      {.what = "a peer asks from slot 2: nothing to send", .input = from(3, CatchUp{2}),
       .no_kinds = kinds<Decisions>()},
      {.what = "decisions from a peer are delivered in order",
       .input = from(3, Decisions{{{2, cmd(1, 2)}, {3, noop()}}}),
       .outputs = delivers({{2, cmd(1, 2)}, {3, noop()}})},
  });
}

}  // namespace
}  // namespace lab4::table
