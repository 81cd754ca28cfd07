// Tests of the linearization search on small hand-made histories.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include "runtime/lincheck/bank_model.hpp"
#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/kv_model.hpp"
#include "runtime/lincheck/register_model.hpp"

namespace dslab::lincheck {
namespace {

using R = RegisterModel;
using Op = OperationOf<R>;

Op done(int client, R::Input in, R::Output out, Time call, Time ret) {
  return Op{client, in, out, call, ret};
}
Op lost(int client, R::Input in, Time call) { return Op{client, in, std::nullopt, call, kNever}; }
R::Output ok() { return R::cas_result(true); }
R::Output read_value(std::int64_t v) { return R::returned(v); }

TEST(Search, EmptyHistoryIsLinearizable) {
  EXPECT_EQ(check(R{}, History<R>{}).verdict, Verdict::kLinearizable);
}

TEST(Search, SequentialWriteThenReadIsLinearizable) {
  History<R> h{done(0, R::write(1), ok(), 0, 1), done(1, R::read(), read_value(1), 2, 3)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kLinearizable);
}

TEST(Search, StaleReadAfterCompletedWriteIsNotLinearizable) {
  History<R> h{done(0, R::write(1), ok(), 0, 1), done(0, R::write(2), ok(), 2, 3),
               done(1, R::read(), read_value(1), 4, 5)};
  const Result r = check(R{}, h);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(r.explanation.has_value());
  EXPECT_EQ(r.explanation->prefix.size(), 2u);
  ASSERT_EQ(r.explanation->blocked.size(), 1u);
  EXPECT_NE(r.explanation->blocked[0].find("read() -> 1"), std::string::npos);
  ASSERT_EQ(r.explanation->states.size(), 1u);
  EXPECT_EQ(r.explanation->states[0], "2");
}

TEST(Search, ConcurrentReadMayReturnEitherValue) {
  for (std::int64_t seen : {1, 2}) {
    History<R> h{done(0, R::write(1), ok(), 0, 1), done(0, R::write(2), ok(), 2, 6),
                 done(1, R::read(), read_value(seen), 3, 4)};
    EXPECT_EQ(check(R{}, h).verdict, Verdict::kLinearizable) << "read " << seen;
  }
}

TEST(Search, OperationsTouchingAtOneInstantAreConcurrent) {
  // The write returns at t=5 when the read is called: either order is allowed.
  History<R> h{done(0, R::write(1), ok(), 0, 5), done(1, R::read(), R::returned(std::nullopt), 5, 6)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kLinearizable);
}

TEST(Search, ReadsThatSeeValuesInOppositeOrdersAreNotLinearizable) {
  // Two sequential reads by different clients during two concurrent writes: 1 then 2 and
  // 2 then 1 cannot both happen.
  History<R> h{done(0, R::write(1), ok(), 0, 10), done(1, R::write(2), ok(), 0, 10),
               done(2, R::read(), read_value(1), 1, 2), done(2, R::read(), read_value(2), 3, 4),
               done(3, R::read(), read_value(2), 1, 2), done(3, R::read(), read_value(1), 5, 6)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kNotLinearizable);
}

TEST(Search, CasOutcomeMustMatchTheValue) {
  History<R> good{done(0, R::write(1), ok(), 0, 1), done(0, R::cas(1, 2), R::cas_result(true), 2, 3),
                  done(1, R::read(), read_value(2), 4, 5)};
  EXPECT_EQ(check(R{}, good).verdict, Verdict::kLinearizable);
  History<R> bad{done(0, R::write(1), ok(), 0, 1), done(0, R::cas(1, 2), R::cas_result(false), 2, 3)};
  EXPECT_EQ(check(R{}, bad).verdict, Verdict::kNotLinearizable);
}

TEST(Search, UnknownWriteMayHaveTakenEffect) {
  History<R> h{lost(0, R::write(7), 0), done(1, R::read(), read_value(7), 10, 11)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kLinearizable);
}

TEST(Search, UnknownWriteMayNotHaveTakenEffect) {
  History<R> h{lost(0, R::write(7), 0), done(1, R::read(), R::returned(std::nullopt), 10, 11)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kLinearizable);
}

TEST(Search, UnknownWriteTakesEffectOnlyAfterItsCall) {
  History<R> h{done(1, R::read(), read_value(7), 0, 1), lost(0, R::write(7), 5)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kNotLinearizable);
}

TEST(Search, UnknownWriteTakesEffectAtMostOnce) {
  // Seen (7), overwritten (8), then seen again (7): a single write of 7 cannot explain it.
  History<R> h{lost(0, R::write(7), 0), done(1, R::read(), read_value(7), 1, 2),
               done(1, R::write(8), ok(), 3, 4), done(1, R::read(), read_value(7), 5, 6)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kNotLinearizable);
}

TEST(Search, ReturnTimeOfUnknownOperationIsIgnored) {
  // A timed-out write whose recorded "return" precedes the read may still take effect later.
  Op timed_out = lost(0, R::write(3), 0);
  timed_out.ret = 1;
  History<R> h{timed_out, done(1, R::read(), R::returned(std::nullopt), 2, 3),
               done(1, R::read(), read_value(3), 4, 5)};
  EXPECT_EQ(check(R{}, h).verdict, Verdict::kLinearizable);
}

History<R> hard_history() {
  // Many concurrent writes and a final read of a never-written value: the search must try
  // many orders before giving up.
  History<R> h;
  for (int c = 0; c < 12; ++c) h.push_back(done(c, R::write(c), ok(), 0, 100));
  h.push_back(done(99, R::read(), read_value(1000), 101, 102));
  return h;
}

TEST(Search, StepBudgetExhaustionGivesUnknownNeverLinearizable) {
  Options options;
  options.max_steps = 50;
  const Result r = check(R{}, hard_history(), options);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.reason.find("step budget"), std::string::npos);
  EXPECT_FALSE(r.explanation.has_value());
  options.max_steps = 0;
  EXPECT_EQ(check(R{}, hard_history(), options).verdict, Verdict::kNotLinearizable);
}

TEST(Search, ZeroTimeBudgetGivesUnknown) {
  Options options;
  options.budget = std::chrono::nanoseconds(0);
  History<R> h{done(0, R::write(1), ok(), 0, 1), done(1, R::read(), read_value(1), 2, 3)};
  const Result r = check(R{}, h, options);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.reason.find("time budget"), std::string::npos);
}

TEST(Search, MemoryBudgetExhaustionGivesUnknown) {
  Options options;
  options.max_cache_bytes = 1;
  const Result r = check(R{}, hard_history(), options);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.reason.find("memory budget"), std::string::npos);
}

TEST(Search, ReturnBeforeCallIsRejected) {
  History<R> h{done(0, R::write(1), ok(), 5, 4)};
  EXPECT_THROW(check(R{}, h), std::invalid_argument);
}

TEST(Search, PartitionsAreCheckedSeparatelyAndNamedInExplanations) {
  using K = KvModel;
  History<K> h{
      {0, K::put("x", "1"), K::Output{}, 0, 1},
      {1, K::put("y", "2"), K::Output{}, 0, 1},
      {0, K::get("x"), K::Output{"1"}, 2, 3},
      {1, K::get("y"), K::Output{"3"}, 2, 3},
  };
  Options options;
  options.partition = true;
  const Result r = check(K{}, h, options);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(r.explanation.has_value());
  EXPECT_EQ(r.explanation->partition, "partition {y}");
  EXPECT_EQ(r.explanation->partition_ops, 2u);
  h[3].output->value = "2";
  const Result fixed = check(K{}, h, options);
  EXPECT_EQ(fixed.verdict, Verdict::kLinearizable);
  EXPECT_EQ(fixed.partitions, 2u);
}

TEST(Search, TransfersJoinTheirAccountsIntoOnePartition) {
  using B = BankModel;
  History<B> h{
      {0, B::deposit("a", 10), B::Output{}, 0, 1},
      {1, B::transfer("a", "b", 10), B::Output{true, 0}, 2, 3},
      {2, B::balance("b"), B::Output{true, 10}, 4, 5},
      {3, B::balance("c"), B::Output{true, 0}, 4, 5},
  };
  Options options;
  options.partition = true;
  const Result r = check(B{}, h, options);
  EXPECT_EQ(r.verdict, Verdict::kLinearizable);
  EXPECT_EQ(r.partitions, 2u);
}

TEST(Search, ExplanationTextNamesPrefixBlockedOperationAndStates) {
  History<R> h{done(0, R::write(1), ok(), 0, 1), done(1, R::read(), read_value(5), 2, 3)};
  const Result r = check(R{}, h);
  ASSERT_TRUE(r.explanation.has_value());
  const std::string text = r.explanation->to_text();
  EXPECT_NE(text.find("longest linearizable prefix has 1"), std::string::npos) << text;
  EXPECT_NE(text.find("client 0: write(1)"), std::string::npos) << text;
  EXPECT_NE(text.find("cannot be placed"), std::string::npos) << text;
  EXPECT_NE(text.find("client 1: read() -> 5"), std::string::npos) << text;
  EXPECT_NE(text.find("state after a prefix that long: 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace dslab::lincheck
