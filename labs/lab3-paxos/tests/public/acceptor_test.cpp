// Lab 3 public tests: the acceptor, through node 2 of a 3-node cluster, as message tables.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/public/public_common.hpp"

namespace lab3::table {
namespace {

TEST(Acceptor, PromisesHigherRoundsAndIgnoresLowerOrEqualOnes) {
  Table node(2, 3);
  node.run({
      {.what = "first prepare is promised", .input = from(1, Prepare{4}),
       .sends = {to(1, Promise{4, kNoRound, ""})}},
      {.what = "higher round is promised", .input = from(3, Prepare{6}),
       .sends = {to(3, Promise{6, kNoRound, ""})}},
      {.what = "lower round ignored", .input = from(1, Prepare{4}), .no_kinds = kinds<Promise>()},
      {.what = "equal round ignored", .input = from(1, Prepare{6}), .no_kinds = kinds<Promise>()},
      {.what = "higher again is promised", .input = from(1, Prepare{7}),
       .sends = {to(1, Promise{7, kNoRound, ""})}},
  });
}

TEST(Acceptor, AcceptsAtOrAbovePromiseAndTellsEveryLearner) {
  Table node(2, 3);
  node.run({
      {.what = "promise round 4", .input = from(1, Prepare{4}),
       .sends = {to(1, Promise{4, kNoRound, ""})}},
      {.what = "accept at the promised round goes to all learners",
       .input = from(1, Accept{4, "x"}), .sends = to_all(3, Accepted{4, "x"})},
      {.what = "accept above the promise is accepted", .input = from(3, Accept{9, "y"}),
       .sends = to_all(3, Accepted{9, "y"})},
      {.what = "a prepare at the accepted round is refused", .input = from(3, Prepare{9}),
       .no_kinds = kinds<Promise>()},
  });
}

TEST(Acceptor, IgnoresAcceptBelowPromisedRound) {
  Table node(2, 3);
  node.run({
      {.what = "promise round 7", .input = from(1, Prepare{7}),
       .sends = {to(1, Promise{7, kNoRound, ""})}},
      {.what = "accept of round 4 ignored", .input = from(3, Accept{4, "x"}),
       .no_kinds = kinds<Accepted>()},
      {.what = "accept of round 7 accepted", .input = from(1, Accept{7, "y"}),
       .sends = {to(3, Accepted{7, "y"})}},
      {.what = "accept of round 5 ignored", .input = from(3, Accept{5, "x"}),
       .no_kinds = kinds<Accepted>()},
  });
}

TEST(Acceptor, PromiseReportsLastAcceptedProposal) {
  Table node(2, 3);
  node.run({
      {.what = "accept (4, x) with no prior promise", .input = from(1, Accept{4, "x"}),
       .sends = {to(1, Accepted{4, "x"})}},
      {.what = "promise reports (4, x)", .input = from(3, Prepare{6}),
       .sends = {to(3, Promise{6, 4, "x"})}},
      {.what = "accept (6, y)", .input = from(3, Accept{6, "y"}), .sends = {to(1, Accepted{6, "y"})}},
      {.what = "promise reports the last one, (6, y)", .input = from(1, Prepare{10}),
       .sends = {to(1, Promise{10, 6, "y"})}},
  });
}

TEST(Acceptor, PersistsPromiseBeforeAnsweringAndKeepsItAcrossRestart) {
  Table node(2, 3);
  node.run({
      {.what = "promise round 5, written to storage", .input = from(1, Prepare{5}),
       .sends = {to(1, Promise{5, kNoRound, ""})}, .writes_storage = true},
      {.what = "crash and restart", .input = Restart{}},
      {.what = "lower prepare still ignored", .input = from(3, Prepare{3}),
       .no_kinds = kinds<Promise>()},
      {.what = "lower accept still ignored", .input = from(3, Accept{4, "x"}),
       .no_kinds = kinds<Accepted>()},
      {.what = "higher prepare promised", .input = from(3, Prepare{6}),
       .sends = {to(3, Promise{6, kNoRound, ""})}},
  });
}

TEST(Acceptor, PersistsAcceptedValueAcrossRestart) {
  Table node(2, 3);
  node.run({
      {.what = "accept (5, x), written to storage", .input = from(1, Accept{5, "x"}),
       .sends = {to(2, Accepted{5, "x"})}, .writes_storage = true},
      {.what = "crash and restart", .input = Restart{}},
      {.what = "promise still reports (5, x)", .input = from(3, Prepare{8}),
       .sends = {to(3, Promise{8, 5, "x"})}},
      {.what = "and the promise of 5 still holds", .input = from(1, Accept{4, "z"}),
       .no_kinds = kinds<Accepted>()},
  });
}

}  // namespace
}  // namespace lab3::table
