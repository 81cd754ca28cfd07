// Lab 3 public tests: the acceptor, through node 2 of a 3-node cluster, as message tables.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/public/public_common.hpp"

namespace lab3::table {
namespace {

TEST(Acceptor, PromisesHigherRoundsAndIgnoresLowerOrEqualOnes) {
  StartedNode node(2, 3);
  run(node.driver, {
      {"first prepare is promised", Deliver{1, Prepare{4}}, {{1, Promise{4, kNoRound, ""}}}},
      {"higher round is promised", Deliver{3, Prepare{6}}, {{3, Promise{6, kNoRound, ""}}}},
      {"lower round ignored", Deliver{1, Prepare{4}}, {}, kinds<Promise>()},
      {"equal round ignored", Deliver{1, Prepare{6}}, {}, kinds<Promise>()},
      {"higher again is promised", Deliver{1, Prepare{7}}, {{1, Promise{7, kNoRound, ""}}}},
  });
}

TEST(Acceptor, AcceptsAtOrAbovePromiseAndTellsEveryLearner) {
  StartedNode node(2, 3);
  run(node.driver, {
      {"promise round 4", Deliver{1, Prepare{4}}, {{1, Promise{4, kNoRound, ""}}}},
      {"accept at the promised round goes to all learners", Deliver{1, Accept{4, "x"}},
       {{1, Accepted{4, "x"}}, {2, Accepted{4, "x"}}, {3, Accepted{4, "x"}}}},
      {"accept above the promise is accepted", Deliver{3, Accept{9, "y"}},
       {{1, Accepted{9, "y"}}, {2, Accepted{9, "y"}}, {3, Accepted{9, "y"}}}},
      {"a prepare at the accepted round is refused", Deliver{3, Prepare{9}}, {},
       kinds<Promise>()},
  });
}

TEST(Acceptor, IgnoresAcceptBelowPromisedRound) {
  StartedNode node(2, 3);
  run(node.driver, {
      {"promise round 7", Deliver{1, Prepare{7}}, {{1, Promise{7, kNoRound, ""}}}},
      {"accept of round 4 ignored", Deliver{3, Accept{4, "x"}}, {}, kinds<Accepted>()},
      {"accept of round 7 accepted", Deliver{1, Accept{7, "y"}}, {{3, Accepted{7, "y"}}}},
      {"accept of round 5 ignored", Deliver{3, Accept{5, "x"}}, {}, kinds<Accepted>()},
  });
}

TEST(Acceptor, PromiseReportsLastAcceptedProposal) {
  StartedNode node(2, 3);
  run(node.driver, {
      {"accept (4, x) with no prior promise", Deliver{1, Accept{4, "x"}}, {{1, Accepted{4, "x"}}}},
      {"promise reports (4, x)", Deliver{3, Prepare{6}}, {{3, Promise{6, 4, "x"}}}},
      {"accept (6, y)", Deliver{3, Accept{6, "y"}}, {{1, Accepted{6, "y"}}}},
      {"promise reports the last one, (6, y)", Deliver{1, Prepare{10}}, {{1, Promise{10, 6, "y"}}}},
  });
}

TEST(Acceptor, PersistsPromiseBeforeAnsweringAndKeepsItAcrossRestart) {
  StartedNode node(2, 3);
  run(node.driver, {
      {"promise round 5, written to storage", Deliver{1, Prepare{5}},
       {{1, Promise{5, kNoRound, ""}}}, {}, std::nullopt, true},
      {"crash and restart", Restart{}},
      {"lower prepare still ignored", Deliver{3, Prepare{3}}, {}, kinds<Promise>()},
      {"lower accept still ignored", Deliver{3, Accept{4, "x"}}, {}, kinds<Accepted>()},
      {"higher prepare promised", Deliver{3, Prepare{6}}, {{3, Promise{6, kNoRound, ""}}}},
  });
}

TEST(Acceptor, PersistsAcceptedValueAcrossRestart) {
  StartedNode node(2, 3);
  run(node.driver, {
      {"accept (5, x), written to storage", Deliver{1, Accept{5, "x"}}, {{2, Accepted{5, "x"}}},
       {}, std::nullopt, true},
      {"crash and restart", Restart{}},
      {"promise still reports (5, x)", Deliver{3, Prepare{8}}, {{3, Promise{8, 5, "x"}}}},
      {"and the promise of 5 still holds", Deliver{1, Accept{4, "z"}}, {}, kinds<Accepted>()},
  });
}

}  // namespace
}  // namespace lab3::table
