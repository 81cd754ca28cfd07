// Lab 3 public tests: the learner and the node's decision output, as message tables.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/public/public_common.hpp"

namespace lab3::table {
namespace {

using Values = std::vector<Value>;

TEST(Learner, DecidesOnQuorumOfAcceptedForOneRound) {
  StartedNode node(3, 3);
  run(node.driver, {
      {"one acceptor", Deliver{1, Accepted{2, "a"}}, {}, {}, Values{}},
      {"a second acceptor, same round: decide", Deliver{2, Accepted{2, "a"}}, {}, {},
       Values{"a"}},
  });
}

TEST(Learner, IgnoresDuplicateAcceptedFromOneAcceptor) {
  StartedNode node(3, 3);
  run(node.driver, {
      {"n1 accepted", Deliver{1, Accepted{2, "a"}}, {}, {}, Values{}},
      {"n1 again", Deliver{1, Accepted{2, "a"}}, {}, {}, Values{}},
      {"n2: quorum of distinct acceptors", Deliver{2, Accepted{2, "a"}}, {}, {}, Values{"a"}},
  });
}

TEST(Learner, DoesNotMixRounds) {
  StartedNode node(3, 5);
  run(node.driver, {
      {"n1 round 1", Deliver{1, Accepted{1, "a"}}, {}, {}, Values{}},
      {"n2 round 6", Deliver{2, Accepted{6, "b"}}, {}, {}, Values{}},
      {"n4 round 1", Deliver{4, Accepted{1, "a"}}, {}, {}, Values{}},
      {"n5 round 6", Deliver{5, Accepted{6, "b"}}, {}, {}, Values{}},
      {"n3 round 6: three for round 6", Deliver{3, Accepted{6, "b"}}, {}, {}, Values{"b"}},
  });
}

TEST(Learner, OutputsDecisionExactlyOnceAlsoAcrossRestart) {
  StartedNode node(3, 3);
  run(node.driver, {
      {"n1", Deliver{1, Accepted{4, "a"}}, {}, {}, Values{}},
      {"n2: decide", Deliver{2, Accepted{4, "a"}}, {}, {}, Values{"a"}},
      {"n3: no second output", Deliver{3, Accepted{4, "a"}}, {}, {}, Values{}},
      {"crash and restart: no output", Restart{}, {}, {}, Values{}},
      {"more accepted: no output", Deliver{1, Accepted{7, "a"}}, {}, {}, Values{}},
      {"", Deliver{2, Accepted{7, "a"}}, {}, {}, Values{}},
      {"a query is answered with the decision", Deliver{1, Query{}}, {{1, Chosen{"a"}}}},
  });
}

TEST(Learner, UndecidedNodeAsksAndLearnsFromChosen) {
  StartedNode node(3, 3);
  run(node.driver, {
      {"not leader, undecided: the progress timeout queries the others", FireTimer{},
       {{1, Query{}}, {2, Query{}}}},
      {"a decided peer answers", Deliver{2, Chosen{"z"}}, {}, {}, Values{"z"}},
      {"later Chosen: no second output", Deliver{1, Chosen{"z"}}, {}, {}, Values{}},
  });
}

}  // namespace
}  // namespace lab3::table
