// Lab 3 public tests: the learner and the node's decision output, as message tables.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/public/public_common.hpp"

namespace lab3::table {
namespace {

TEST(Learner, DecidesOnQuorumOfAcceptedForOneRound) {
  Table node(3, 3);
  node.run({
      {.what = "one acceptor", .input = from(1, Accepted{2, "a"}), .outputs = no_output()},
      {.what = "a second acceptor, same round: decide", .input = from(2, Accepted{2, "a"}),
       .outputs = decides("a")},
  });
}

TEST(Learner, IgnoresDuplicateAcceptedFromOneAcceptor) {
  Table node(3, 3);
  node.run({
      {.what = "n1 accepted", .input = from(1, Accepted{2, "a"}), .outputs = no_output()},
      {.what = "n1 again", .input = from(1, Accepted{2, "a"}), .outputs = no_output()},
      {.what = "n2: quorum of distinct acceptors", .input = from(2, Accepted{2, "a"}),
       .outputs = decides("a")},
  });
}

TEST(Learner, DoesNotMixRounds) {
  Table node(3, 5);
  node.run({
      {.what = "n1 round 1", .input = from(1, Accepted{1, "a"}), .outputs = no_output()},
      {.what = "n2 round 6", .input = from(2, Accepted{6, "b"}), .outputs = no_output()},
      {.what = "n4 round 1", .input = from(4, Accepted{1, "a"}), .outputs = no_output()},
      {.what = "n5 round 6", .input = from(5, Accepted{6, "b"}), .outputs = no_output()},
      {.what = "n3 round 6: three for round 6", .input = from(3, Accepted{6, "b"}),
       .outputs = decides("b")},
  });
}

TEST(Learner, OutputsDecisionExactlyOnceAlsoAcrossRestart) {
  Table node(3, 3);
  node.run({
      {.what = "n1", .input = from(1, Accepted{4, "a"}), .outputs = no_output()},
      {.what = "n2: decide", .input = from(2, Accepted{4, "a"}), .outputs = decides("a")},
      {.what = "n3: no second output", .input = from(3, Accepted{4, "a"}), .outputs = no_output()},
      {.what = "crash and restart: no output", .input = Restart{}, .outputs = no_output()},
      {.what = "more accepted: no output", .input = from(1, Accepted{7, "a"}),
       .outputs = no_output()},
      {.what = "and again: no output", .input = from(2, Accepted{7, "a"}), .outputs = no_output()},
      {.what = "a query is answered with the decision", .input = from(1, Query{}),
       .sends = {to(1, Chosen{"a"})}},
  });
}

TEST(Learner, UndecidedNodeAsksAndLearnsFromChosen) {
  Table node(3, 3);
  node.run({
      {.what = "not leader, undecided: the progress timeout queries the others",
       .input = FireTimer{}, .sends = {to(1, Query{}), to(2, Query{})}},
      {.what = "a decided peer answers", .input = from(2, Chosen{"z"}), .outputs = decides("z")},
      {.what = "later Chosen: no second output", .input = from(1, Chosen{"z"}),
       .outputs = no_output()},
  });
}

}  // namespace
}  // namespace lab3::table
