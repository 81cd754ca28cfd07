// Tests of lab 5's trusted helpers: every message, timer and output survives the wire codec (the
// node host speaks it), the reference answers of BankOps, and the execution checker catching a
// double execution and a reply without the log.
#include <gtest/gtest.h>

#include <limits>

#include "labs/lab5-bank/tests/common/bank_ops.hpp"
#include "runtime/codec/wire.hpp"

namespace lab5::checks {
namespace {

template <class T>
void round_trip(const T& value) {
  const auto bytes = dslab::codec::encode(value);
  EXPECT_EQ(dslab::codec::decode<T>(bytes), value);
}

Command command() { return Command{3, 42, Operation{kTransfer, "alice", "bob", -7}}; }

TEST(Lab5Codec, EveryMessageTimerAndOutputRoundTrips) {
  const Batch batch{{command(), Command{1, 1, Operation{kBalance, "a", "", 0}}}};
  const Result result{false, std::numeric_limits<std::int64_t>::min(), kInsufficientFunds};
  for (const Protocol::Message& m :
       {Protocol::Message{ClientRequest{command()}}, Protocol::Message{Decided{9, batch}},
        Protocol::Message{Decided{1, Batch{}}}, Protocol::Message{Leader{2}},
        Protocol::Message{Configure{8, dslab::msec(5)}}}) {
    round_trip(m);
  }
  round_trip(Protocol::Timer{Flush{}});
  for (const Protocol::Output& o :
       {Protocol::Output{Propose{batch}}, Protocol::Output{Executed{4, command(), result}},
        Protocol::Output{Reply{3, 42, result}}, Protocol::Output{Redirect{3, 42, 1}}}) {
    round_trip(o);
  }
}

// The node host sends vectors of effects whose first alternative (a send of a ClientRequest) is
// much larger than most (a Leader, a Redirect): the codec's length check must allow that.
TEST(Lab5Codec, VectorsOfSmallAlternativesRoundTrip) {
  round_trip(std::vector<Protocol::Message>(10, Leader{2}));
  round_trip(std::vector<Protocol::Output>(10, Redirect{1, 2, 3}));
}

TEST(Lab5Reference, AnswersFollowTheBankRules) {
  BankOps::State s, next;
  EXPECT_EQ(expected(s, {kDeposit, "a", "", 10}, next), (Result{true, 10, ""}));
  s = next;
  EXPECT_EQ(expected(s, {kWithdraw, "a", "", 11}, next), (Result{false, 10, kInsufficientFunds}));
  EXPECT_EQ(next, s);
  EXPECT_EQ(expected(s, {kTransfer, "a", "b", 10}, next), (Result{true, 0, ""}));
  EXPECT_EQ(balance_in(next, "b"), 10);
  EXPECT_EQ(expected(s, {kDeposit, "a", "", 0}, next), (Result{false, 10, kBadAmount}));
  EXPECT_EQ(expected(s, {"steal", "a", "", 5}, next), (Result{false, 10, kUnknownOperation}));
  EXPECT_EQ(expected(s, {kBalance, "a", "", -5}, next), (Result{true, 10, ""}));
  EXPECT_EQ(expected(s, {kDeposit, "a", "", std::numeric_limits<std::int64_t>::max()}, next),
            (Result{false, 10, kOverflow}));
}

TEST(Lab5Reference, BankOpsIsAStrictModel) {
  const BankOps m;
  BankOps::State next;
  EXPECT_TRUE(m.step(m.init(), {kDeposit, "a", "", 5}, Result{true, 5, ""}, next));
  EXPECT_FALSE(m.step(m.init(), {kDeposit, "a", "", 5}, Result{true, 4, ""}, next));
  EXPECT_FALSE(m.step(m.init(), {kWithdraw, "a", "", 5}, Result{false, 0, kBadAmount}, next));
  EXPECT_EQ(m.partition_keys({kTransfer, "a", "b", 1}), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace lab5::checks
