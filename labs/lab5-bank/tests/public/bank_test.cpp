// Lab 5 public tests: the bank state machine, through a replica that does not lead (it executes
// decided slots and outputs Executed for each command, but replies to nobody). Every rule and
// every error text of api/protocol.hpp is a row here.
#include <gtest/gtest.h>

#include "labs/lab5-bank/tests/public/public_common.hpp"

namespace lab5::table {
namespace {

/// Client 1's request `seq` with `op`, executed from `slot` with `result`.
Executed ran(Slot slot, std::uint64_t seq, Operation op, Result result) {
  return Executed{slot, Command{1, seq, std::move(op)}, std::move(result)};
}

/// Makes n1 of a 3-replica cluster a follower (told n2 leads).
void follow(Table& node) {
  node.run({{.what = "told n2 leads", .input = env(Leader{2}), .outputs = Outputs{}}});
}

TEST(Bank, DepositWithdrawAndBalanceOnAccountsCreatedOnFirstUse) {
  Table node(1, 3);
  follow(node);
  node.run({
      {.what = "an unknown account holds 0", .input = env(slot_of(1, 1, 1, {balance("a")})),
       .outputs = Outputs{ran(1, 1, balance("a"), ok(0))}},
      {.what = "deposit", .input = env(slot_of(2, 1, 2, {deposit("a", 30)})),
       .outputs = Outputs{ran(2, 2, deposit("a", 30), ok(30))}},
      {.what = "withdraw, balance after it", .input = env(slot_of(3, 1, 3, {withdraw("a", 12)})),
       .outputs = Outputs{ran(3, 3, withdraw("a", 12), ok(18))}},
      {.what = "accounts are independent",
       .input = env(slot_of(4, 1, 4, {deposit("b", 5), balance("a"), balance("b")})),
       .outputs = Outputs{ran(4, 4, deposit("b", 5), ok(5)), ran(4, 5, balance("a"), ok(18)),
                          ran(4, 6, balance("b"), ok(5))}},
  });
}

TEST(Bank, WithdrawIsRefusedWhenFundsAreShortAndTheBalanceMayReachZero) {
  Table node(1, 3);
  follow(node);
  node.run({
      {.what = "deposit 10", .input = env(slot_of(1, 1, 1, {deposit("a", 10)})),
       .outputs = Outputs{ran(1, 1, deposit("a", 10), ok(10))}},
      {.what = "11 is one too many: refused, balance unchanged",
       .input = env(slot_of(2, 1, 2, {withdraw("a", 11)})),
       .outputs = Outputs{ran(2, 2, withdraw("a", 11), refused(10, kInsufficientFunds))}},
      {.what = "exactly the balance: ok, 0 left", .input = env(slot_of(3, 1, 3, {withdraw("a", 10)})),
       .outputs = Outputs{ran(3, 3, withdraw("a", 10), ok(0))}},
      {.what = "from an empty account", .input = env(slot_of(4, 1, 4, {withdraw("a", 1)})),
       .outputs = Outputs{ran(4, 4, withdraw("a", 1), refused(0, kInsufficientFunds))}},
  });
}

TEST(Bank, TransferMovesMoneyAllOrNothing) {
  Table node(1, 3);
  follow(node);
  node.run({
      {.what = "deposit 10 in a", .input = env(slot_of(1, 1, 1, {deposit("a", 10)})),
       .outputs = Outputs{ran(1, 1, deposit("a", 10), ok(10))}},
      {.what = "transfer 4 a -> b, then read b",
       .input = env(slot_of(2, 1, 2, {transfer("a", "b", 4), balance("b")})),
       .outputs = Outputs{ran(2, 2, transfer("a", "b", 4), ok(6)), ran(2, 3, balance("b"), ok(4))}},
      {.what = "more than a holds: refused, neither account changes",
       .input = env(slot_of(3, 1, 4, {transfer("a", "b", 7), balance("b")})),
       .outputs = Outputs{ran(3, 4, transfer("a", "b", 7), refused(6, kInsufficientFunds)),
                          ran(3, 5, balance("b"), ok(4))}},
      {.what = "to itself: ok, nothing changes", .input = env(slot_of(4, 1, 6, {transfer("a", "a", 6)})),
       .outputs = Outputs{ran(4, 6, transfer("a", "a", 6), ok(6))}},
      {.what = "exactly the balance, to a new account",
       .input = env(slot_of(5, 1, 7, {transfer("a", "c", 6), balance("c")})),
       .outputs = Outputs{ran(5, 7, transfer("a", "c", 6), ok(0)), ran(5, 8, balance("c"), ok(6))}},
  });
}

TEST(Bank, RefusesNonPositiveAmountsAndUnknownOperations) {
  Table node(1, 3);
  follow(node);
  const Operation steal{"steal", "a", "b", 5};
  node.run({
      {.what = "deposit 5", .input = env(slot_of(1, 1, 1, {deposit("a", 5)})),
       .outputs = Outputs{ran(1, 1, deposit("a", 5), ok(5))}},
      {.what = "zero and negative amounts",
       .input = env(slot_of(2, 1, 2, {deposit("a", 0), deposit("a", -3), withdraw("a", -3),
                                      transfer("a", "b", 0), transfer("a", "b", -1)})),
       .outputs = Outputs{ran(2, 2, deposit("a", 0), refused(5, kBadAmount)),
                          ran(2, 3, deposit("a", -3), refused(5, kBadAmount)),
                          ran(2, 4, withdraw("a", -3), refused(5, kBadAmount)),
                          ran(2, 5, transfer("a", "b", 0), refused(5, kBadAmount)),
                          ran(2, 6, transfer("a", "b", -1), refused(5, kBadAmount))}},
      {.what = "an unknown operation", .input = env(slot_of(3, 1, 7, {steal, balance("b")})),
       .outputs = Outputs{ran(3, 7, steal, refused(5, kUnknownOperation)),
                          ran(3, 8, balance("b"), ok(0))}},
  });
}

TEST(Bank, RefusesABalanceAbove2To63Minus1) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  Table node(1, 3);
  follow(node);
  node.run({
      {.what = "the largest balance", .input = env(slot_of(1, 1, 1, {deposit("a", kMax)})),
       .outputs = Outputs{ran(1, 1, deposit("a", kMax), ok(kMax))}},
      {.what = "one more would overflow", .input = env(slot_of(2, 1, 2, {deposit("a", 1)})),
       .outputs = Outputs{ran(2, 2, deposit("a", 1), refused(kMax, kOverflow))}},
      {.what = "b gets 1, then a transfer of everything to b would overflow b",
       .input = env(slot_of(3, 1, 3, {deposit("b", 1), transfer("a", "b", kMax), balance("b")})),
       .outputs = Outputs{ran(3, 3, deposit("b", 1), ok(1)),
                          ran(3, 4, transfer("a", "b", kMax), refused(kMax, kOverflow)),
                          ran(3, 5, balance("b"), ok(1))}},
  });
}

}  // namespace
}  // namespace lab5::table
