// Tests of the built-in models' sequential semantics.
#include <gtest/gtest.h>

#include <map>

#include "runtime/lincheck/bank_model.hpp"
#include "runtime/lincheck/kv_model.hpp"
#include "runtime/lincheck/model.hpp"
#include "runtime/lincheck/register_model.hpp"

namespace dslab::lincheck {
namespace {

static_assert(Model<RegisterModel>);
static_assert(!PartitionableModel<RegisterModel>);
static_assert(PartitionableModel<KvModel>);
static_assert(PartitionableModel<BankModel>);
static_assert(ReachabilityAwareModel<KvModel>);
static_assert(!ReachabilityAwareModel<RegisterModel>);

using R = RegisterModel;

TEST(RegisterModel, StartsNilAndReadsReturnTheValueHeld) {
  const R m;
  R::State s = m.init(), next;
  EXPECT_TRUE(m.step(s, R::read(), R::returned(std::nullopt), next));
  EXPECT_FALSE(m.step(s, R::read(), R::returned(0), next));
  ASSERT_TRUE(m.step(s, R::write(3), R::cas_result(true), next));
  EXPECT_EQ(next, R::Value{3});
  EXPECT_TRUE(m.step(next, R::read(), R::returned(3), s));
  EXPECT_FALSE(m.step(next, R::read(), R::returned(std::nullopt), s));
}

TEST(RegisterModel, CasSucceedsExactlyWhenTheValueMatches) {
  const R m(R::Value{1});
  R::State next;
  ASSERT_TRUE(m.step(R::Value{1}, R::cas(1, 2), R::cas_result(true), next));
  EXPECT_EQ(next, R::Value{2});
  EXPECT_FALSE(m.step(R::Value{1}, R::cas(1, 2), R::cas_result(false), next));
  ASSERT_TRUE(m.step(R::Value{5}, R::cas(1, 2), R::cas_result(false), next));
  EXPECT_EQ(next, R::Value{5});
  EXPECT_FALSE(m.step(std::nullopt, R::cas(0, 2), R::cas_result(true), next));
  EXPECT_TRUE(m.step(std::nullopt, R::cas(std::nullopt, 2), R::cas_result(true), next));
}

TEST(RegisterModel, UnknownOutcomeAlwaysAppliesTheEffect) {
  const R m;
  R::State next;
  EXPECT_TRUE(m.step(R::Value{1}, R::cas(1, 9), std::nullopt, next));
  EXPECT_EQ(next, R::Value{9});
  EXPECT_TRUE(m.step(R::Value{1}, R::read(), std::nullopt, next));
  EXPECT_EQ(next, R::Value{1});
}

TEST(RegisterModel, EqualStatesHashEqually) {
  const R m;
  EXPECT_EQ(m.hash(R::Value{4}), m.hash(R::Value{4}));
  EXPECT_NE(m.hash(R::Value{4}), m.hash(std::nullopt));
  EXPECT_EQ(m.describe(R::cas(std::nullopt, 2), R::cas_result(false)), "cas(nil, 2) -> fail");
}

using K = KvModel;

TEST(KvModel, MissingKeysReadEmptyAndAppendConcatenates) {
  const K m;
  K::State s = m.init(), a, b;
  EXPECT_TRUE(m.step(s, K::get("x"), K::Output{""}, a));
  ASSERT_TRUE(m.step(s, K::append("x", "ab"), K::Output{}, a));
  ASSERT_TRUE(m.step(a, K::append("x", "cd"), K::Output{}, b));
  EXPECT_TRUE(m.step(b, K::get("x"), K::Output{"abcd"}, a));
  EXPECT_FALSE(m.step(b, K::get("x"), K::Output{"cdab"}, a));
  EXPECT_TRUE(m.step(b, K::get("y"), K::Output{""}, a));
}

TEST(KvModel, PutReplacesAndEqualMapsAreEqualStates) {
  const K m;
  K::State s = m.init(), a, b, c;
  ASSERT_TRUE(m.step(s, K::put("x", "1"), K::Output{}, a));
  ASSERT_TRUE(m.step(a, K::put("x", ""), K::Output{}, b));
  EXPECT_TRUE(m.equal(b, s));  // a key holding "" is the same as a missing key
  EXPECT_EQ(m.hash(b), m.hash(s));
  ASSERT_TRUE(m.step(s, K::append("x", "1"), K::Output{}, c));
  EXPECT_TRUE(m.equal(a, c));
  EXPECT_EQ(m.describe(c), "{\"x\": \"1\"}");
}

TEST(KvModel, InitialValuesAreVisible) {
  const K m(std::map<std::string, std::string>{{"k", "v"}});
  K::State next;
  EXPECT_TRUE(m.step(m.init(), K::get("k"), K::Output{"v"}, next));
  EXPECT_EQ(m.partition_keys(K::get("k")), std::vector<std::string>{"k"});
}

TEST(KvModel, GetIsReachableExactlyWhenTheValueIsAPrefixOfItsAnswer) {
  const K m;
  K::State s = m.init(), a, b;
  ASSERT_TRUE(m.step(s, K::append("x", "ab"), K::Output{}, a));
  ASSERT_TRUE(m.step(a, K::append("x", "cd"), K::Output{}, b));
  EXPECT_TRUE(m.reachable(b, K::get("x"), K::Output{"abcd"}));
  EXPECT_TRUE(m.reachable(b, K::get("x"), K::Output{"abcdef"}));
  EXPECT_TRUE(m.reachable(a, K::get("x"), K::Output{"abxy"}));
  EXPECT_FALSE(m.reachable(b, K::get("x"), K::Output{"abc"}));    // too short
  EXPECT_FALSE(m.reachable(b, K::get("x"), K::Output{"abxdef"})); // last chunk differs
  EXPECT_FALSE(m.reachable(b, K::get("x"), K::Output{"xbcdef"})); // first chunk differs
  EXPECT_FALSE(m.reachable(b, K::get("x"), K::Output{""}));
  EXPECT_TRUE(m.reachable(b, K::get("y"), K::Output{"anything"}));  // y is still empty
  EXPECT_TRUE(m.reachable(b, K::append("x", "z"), K::Output{}));    // only gets can be stuck
}

TEST(KvModel, OnlyPutsResetAndOnlyPutsOfAPrefixToTheSameKeyEnableAGet) {
  const K m;
  EXPECT_TRUE(m.resets(K::put("x", "1")));
  EXPECT_FALSE(m.resets(K::append("x", "1")));
  EXPECT_FALSE(m.resets(K::get("x")));
  EXPECT_TRUE(m.may_enable(K::put("x", "ab"), K::get("x"), K::Output{"abc"}));
  EXPECT_TRUE(m.may_enable(K::put("x", ""), K::get("x"), K::Output{"abc"}));
  EXPECT_FALSE(m.may_enable(K::put("x", "b"), K::get("x"), K::Output{"abc"}));
  EXPECT_FALSE(m.may_enable(K::put("x", "abcd"), K::get("x"), K::Output{"abc"}));
  EXPECT_FALSE(m.may_enable(K::put("y", "a"), K::get("x"), K::Output{"abc"}));
}

using B = BankModel;

TEST(BankModel, WithdrawIsRejectedOnInsufficientFunds) {
  const B m(std::map<std::string, std::int64_t>{{"a", 10}});
  B::State s = m.init(), next;
  EXPECT_FALSE(m.step(s, B::withdraw("a", 11), B::Output{true, 0}, next));
  ASSERT_TRUE(m.step(s, B::withdraw("a", 11), B::Output{false, 0}, next));
  EXPECT_TRUE(m.equal(next, s));
  ASSERT_TRUE(m.step(s, B::withdraw("a", 10), B::Output{true, 0}, next));
  EXPECT_TRUE(m.step(next, B::balance("a"), B::Output{true, 0}, s));
}

TEST(BankModel, TransferMovesMoneyOrIsRejected) {
  const B m(std::map<std::string, std::int64_t>{{"a", 10}});
  B::State s = m.init(), next, after;
  ASSERT_TRUE(m.step(s, B::transfer("a", "b", 4), B::Output{true, 0}, next));
  EXPECT_TRUE(m.step(next, B::balance("a"), B::Output{true, 6}, after));
  EXPECT_TRUE(m.step(next, B::balance("b"), B::Output{true, 4}, after));
  EXPECT_FALSE(m.step(next, B::transfer("b", "a", 5), B::Output{true, 0}, after));
  EXPECT_EQ(m.partition_keys(B::transfer("a", "b", 1)), (std::vector<std::string>{"a", "b"}));
}

TEST(BankModel, DepositAddsAndCannotBeRejected) {
  const B m;
  B::State next;
  ASSERT_TRUE(m.step(m.init(), B::deposit("a", 5), B::Output{true, 0}, next));
  EXPECT_EQ(m.describe(next), "{a: 5}");
  EXPECT_FALSE(m.step(m.init(), B::deposit("a", 5), B::Output{false, 0}, next));
  EXPECT_FALSE(m.step(m.init(), B::balance("a"), B::Output{true, 5}, next));
}

}  // namespace
}  // namespace dslab::lincheck
