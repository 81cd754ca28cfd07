// Lab 4 public tests: the acceptor, through replica 2 of a 3-replica cluster, as message tables.
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/public/public_common.hpp"

namespace lab4::table {
namespace {

TEST(Acceptor, PromisesHigherRoundsForEverySlotAndRejectsLowerOnes) {
  Table node(2, 3);
  node.run({
      {.what = "first prepare is promised, nothing accepted",
       .input = from(1, Prepare{1, 4}), .sends = {to(1, Promise{1, 4, {}})},
       .no_kinds = kinds<Reject>()},
      {.what = "higher round is promised", .input = from(3, Prepare{1, 6}),
       .sends = {to(3, Promise{1, 6, {}})}},
      {.what = "lower round is rejected with the promised round", .input = from(1, Prepare{1, 4}),
       .sends = {to(1, Reject{4, 6})}, .no_kinds = kinds<Promise>()},
      {.what = "equal round is rejected", .input = from(3, Prepare{5, 6}),
       .sends = {to(3, Reject{6, 6})}, .no_kinds = kinds<Promise>()},
  });
}

TEST(Acceptor, PromiseReportsAcceptedSlotsAtOrAboveThePreparedSlotAscending) {
  Table node(2, 3);
  node.run({
      {.what = "accept slot 5", .input = from(1, Accept{5, 1, cmd(1, 5)}),
       .sends = to_all(3, Learn{5, 1, cmd(1, 5)})},
      {.what = "accept slot 2", .input = from(1, Accept{2, 1, cmd(1, 2)}),
       .sends = to_all(3, Learn{2, 1, cmd(1, 2)})},
      {.what = "accept slot 3", .input = from(1, Accept{3, 1, cmd(1, 3)}),
       .sends = to_all(3, Learn{3, 1, cmd(1, 3)})},
      {.what = "prepare from slot 3 reports slots 3 and 5, ascending, not slot 2",
       .input = from(3, Prepare{3, 6}),
       .sends = {to(3, Promise{3, 6, {{3, 1, cmd(1, 3)}, {5, 1, cmd(1, 5)}}})}},
      {.what = "prepare from slot 6 reports nothing", .input = from(1, Prepare{6, 7}),
       .sends = {to(1, Promise{6, 7, {}})}},
  });
}

TEST(Acceptor, AcceptsAtOrAbovePromiseOverwritingTheSlot) {
  Table node(2, 3);
  node.run({
      {.what = "promise round 4", .input = from(1, Prepare{1, 4}),
       .sends = {to(1, Promise{1, 4, {}})}},
      {.what = "accept below the promise is rejected", .input = from(3, Accept{1, 3, cmd(3, 1)}),
       .sends = {to(3, Reject{3, 4})}, .no_kinds = kinds<Learn>()},
      {.what = "accept at the promise goes to every learner",
       .input = from(1, Accept{1, 4, cmd(1, 1)}), .sends = to_all(3, Learn{1, 4, cmd(1, 1)})},
      {.what = "accept above overwrites slot 1", .input = from(3, Accept{1, 6, cmd(3, 9)}),
       .sends = to_all(3, Learn{1, 6, cmd(3, 9)})},
      {.what = "the promise was raised to 6", .input = from(1, Prepare{1, 5}),
       .sends = {to(1, Reject{5, 6})}},
      {.what = "a promise reports the overwritten value", .input = from(1, Prepare{1, 7}),
       .sends = {to(1, Promise{1, 7, {{1, 6, cmd(3, 9)}}})}},
  });
}

TEST(Acceptor, PersistsBeforeAnsweringAndKeepsStateAcrossRestart) {
  Table node(2, 3);
  node.run({
      {.what = "promise round 5, written to storage", .input = from(1, Prepare{1, 5}),
       .sends = {to(1, Promise{1, 5, {}})}, .writes_storage = true},
      {.what = "accept slot 2, written to storage", .input = from(1, Accept{2, 5, cmd(1, 2)}),
       .sends = to_all(3, Learn{2, 5, cmd(1, 2)}), .writes_storage = true},
      {.what = "crash and restart", .input = Restart{}},
      {.what = "the promise of 5 still holds", .input = from(3, Accept{2, 3, cmd(3, 1)}),
       .sends = {to(3, Reject{3, 5})}, .no_kinds = kinds<Learn>()},
      {.what = "slot 2 is still reported", .input = from(3, Prepare{1, 6}),
       .sends = {to(3, Promise{1, 6, {{2, 5, cmd(1, 2)}}})}},
  });
}

}  // namespace
}  // namespace lab4::table
