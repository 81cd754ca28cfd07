// Lab 4 public tests: the leader, through replica 3 of a 3-replica cluster (its rounds are 3, 6,
// 9, ...), as message tables: phase 1 once, re-proposals, no-ops, fresh slots, the window.
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/public/public_common.hpp"

namespace lab4::table {
namespace {

// Replica 3 becomes leader and completes phase 1 in round 3 with empty promises of n1 and n3.
std::vector<Row> lead() {
  return {
      {.what = "told it leads: phase 1 from slot 1", .input = env(Leader{3}),
       .sends = to_all(3, Prepare{1, 3})},
      {.what = "promise of n1", .input = from(1, Promise{1, 3, {}}), .no_kinds = kinds<Accept>()},
      {.what = "promise of n3: a quorum", .input = from(3, Promise{1, 3, {}})},
  };
}

TEST(Proposer, PhaseOneOnceThenClientCommandsInFreshSlots) {
  Table node(3, 3);
  node.run(lead());
  node.run({
      {.what = "first command goes to slot 1", .input = env(ClientRequest{cmd(1, 1)}),
       .sends = to_all(3, Accept{1, 3, cmd(1, 1)}), .no_kinds = kinds<Prepare>()},
      {.what = "second command to slot 2, no new phase 1", .input = env(ClientRequest{cmd(2, 1)}),
       .sends = to_all(3, Accept{2, 3, cmd(2, 1)}), .no_kinds = kinds<Prepare>()},
  });
}

TEST(Proposer, HighestAcceptedRoundPerSlotWinsAndGapsGetNoops) {
  Table node(3, 3);
  node.run({
      {.what = "told it leads", .input = env(Leader{3}), .sends = to_all(3, Prepare{1, 3})},
      {.what = "n1 reports slot 1 (round 1) and slot 4 (round 2)",
       .input = from(1, Promise{1, 3, {{1, 1, cmd(1, 1)}, {4, 2, cmd(1, 4)}}}),
       .no_kinds = kinds<Accept>()},
      {.what = "n2 reports slot 1 in round 2: a quorum",
       .input = from(2, Promise{1, 3, {{1, 2, cmd(2, 1)}}}),
       .sends = [] {
         std::vector<Table::Sent> s;
         for (const auto& a : {Accept{1, 3, cmd(2, 1)}, Accept{2, 3, noop()},
                               Accept{3, 3, noop()}, Accept{4, 3, cmd(1, 4)}}) {
           for (const auto& t : Table::to_all(3, a)) s.push_back(t);
         }
         return s;
       }()},
      {.what = "a client command goes above the re-proposed slots",
       .input = env(ClientRequest{cmd(3, 1)}), .sends = to_all(3, Accept{5, 3, cmd(3, 1)})},
  });
}

TEST(Proposer, IdenticalPromisesFromOneAcceptorAreNotAQuorum) {
  Table node(3, 3);
  node.run({
      {.what = "told it leads", .input = env(Leader{3}), .sends = to_all(3, Prepare{1, 3})},
      {.what = "promise of n1", .input = from(1, Promise{1, 3, {}}), .no_kinds = kinds<Accept>()},
      {.what = "the same promise again", .input = from(1, Promise{1, 3, {{1, 1, cmd(1, 1)}}}),
       .no_kinds = kinds<Accept>()},
      {.what = "a promise of another round", .input = from(2, Promise{1, 9, {{1, 1, cmd(1, 1)}}}),
       .no_kinds = kinds<Accept>()},
  });
}

TEST(Proposer, LeavesDeliveredSlotsAloneInPhaseOne) {
  Table node(3, 3);
  node.run({
      {.what = "slot 1 decided by n1 and n2 (1 of 2)", .input = from(1, Learn{1, 1, cmd(1, 1)})},
      {.what = "slot 1 decided (2 of 2)", .input = from(2, Learn{1, 1, cmd(1, 1)}),
       .outputs = std::vector<Output>{Delivered{1, cmd(1, 1)}}},
      {.what = "told it leads: phase 1 from slot 2", .input = env(Leader{3}),
       .sends = to_all(3, Prepare{2, 3})},
  });
}

TEST(Proposer, RejectOfAHigherRoundStopsLeadingUntilPhaseOneAgain) {
  Table node(3, 3);
  node.run(lead());
  node.run({
      {.what = "n1 promised round 7", .input = from(1, Reject{3, 7})},
      {.what = "no longer leading: a command starts phase 1 again above round 7",
       .input = env(ClientRequest{cmd(1, 1)}), .sends = to_all(3, Prepare{1, 9}),
       .no_kinds = kinds<Accept>()},
      {.what = "promise of n2 for round 9", .input = from(2, Promise{1, 9, {}}),
       .no_kinds = kinds<Accept>()},
      {.what = "promise of n3: leading again, the command is proposed",
       .input = from(3, Promise{1, 9, {}}), .sends = to_all(3, Accept{1, 9, cmd(1, 1)})},
  });
}

TEST(Proposer, WindowBoundsTheSlotsInFlight) {
  Table node(3, 3);
  node.run(lead());
  std::vector<Row> rows;
  for (std::uint64_t i = 1; i <= static_cast<std::uint64_t>(kWindow); ++i) {
    const auto slot = static_cast<Slot>(i);
    rows.push_back({.what = "command in the window", .input = env(ClientRequest{cmd(1, i)}),
                    .sends = to_all(3, Accept{slot, 3, cmd(1, i)})});
  }
  const auto next = static_cast<std::uint64_t>(kWindow) + 1;
  rows.push_back({.what = "the window is full: the next command waits",
                  .input = env(ClientRequest{cmd(1, next)}), .no_kinds = kinds<Accept>()});
  rows.push_back({.what = "slot 1 learned from n1", .input = from(1, Learn{1, 3, cmd(1, 1)})});
  rows.push_back({.what = "slot 1 decided: the waiting command is proposed",
                  .input = from(2, Learn{1, 3, cmd(1, 1)}),
                  .sends = to_all(3, Accept{static_cast<Slot>(next), 3, cmd(1, next)})});
  node.run(rows);
}

}  // namespace
}  // namespace lab4::table
