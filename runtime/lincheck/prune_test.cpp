// Tests of the search's pruning of configurations where a pending read can never become legal.
#include <gtest/gtest.h>

#include <string>

#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/generator.hpp"
#include "runtime/lincheck/kv_model.hpp"
#include "runtime/lincheck/test_mutations.hpp"
#include "runtime/random/random.hpp"

namespace dslab::lincheck {
namespace {

using K = KvModel;

/// The kv model without the reachability hook: the search cannot prune with it.
struct PlainKv {
  K kv{};
  using State = K::State;
  using Input = K::Input;
  using Output = K::Output;
  State init() const { return kv.init(); }
  bool step(const State& s, const Input& in, const std::optional<Output>& out, State& n) const {
    return kv.step(s, in, out, n);
  }
  std::uint64_t hash(const State& s) const { return kv.hash(s); }
  bool equal(const State& a, const State& b) const { return kv.equal(a, b); }
  bool read_only(const Input& in, const std::optional<Output>& out) const {
    return kv.read_only(in, out);
  }
  std::vector<std::string> partition_keys(const Input& in) const { return kv.partition_keys(in); }
  std::string describe(const Input& in, const std::optional<Output>& out) const {
    return kv.describe(in, out);
  }
  std::string describe(const State& s) const { return kv.describe(s); }
};
static_assert(ReachabilityAwareModel<K>);
static_assert(Model<PlainKv> && !ReachabilityAwareModel<PlainKv>);

template <class M>
History<M> convert(const History<K>& h) {
  History<M> out;
  for (const auto& o : h) out.push_back({o.client, o.input, o.output, o.call, o.ret});
  return out;
}

/// `n` appends concurrent with each other, then a get that saw them in reverse order.
History<K> reversed_appends(int n) {
  History<K> h;
  std::string seen;
  for (int c = 0; c < n; ++c) {
    h.push_back({c, K::append("x", "a" + std::to_string(c) + ";"), K::Output{}, 0, 100});
    seen = "a" + std::to_string(c) + ";" + seen;
  }
  h.push_back({99, K::get("x"), K::Output{seen}, 101, 102});
  return h;
}

TEST(Prune, UnreachableGetCutsTheSearchOverAppendOrders) {
  const History<K> h = reversed_appends(8);
  const Result pruned = check(K{}, h);
  const Result plain = check(PlainKv(), convert<PlainKv>(h));
  EXPECT_EQ(pruned.verdict, Verdict::kLinearizable);
  EXPECT_EQ(plain.verdict, Verdict::kLinearizable);
  EXPECT_LT(pruned.steps, 200u);     // each wrong first append is refuted at once
  EXPECT_GT(plain.steps, 10'000u);  // without the hook: most of the 8! orders are tried
}

TEST(Prune, UnreachableGetIsReportedAsTheOperationThatCannotBePlaced) {
  History<K> h = reversed_appends(6);
  h.back().output->value = "a5;a3;";  // a4 took effect before the get was called
  const Result r = check(K{}, h);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_LT(r.steps, 200u);
  ASSERT_TRUE(r.explanation.has_value());
  ASSERT_FALSE(r.explanation->blocked.empty());
  EXPECT_NE(r.explanation->blocked[0].find("get(\"x\") -> \"a5;a3;\""), std::string::npos)
      << r.explanation->to_text();
}

History<K> put_then_append(const std::optional<K::Output>& put_outcome, const std::string& v) {
  return {{0, K::append("x", "a"), K::Output{}, 0, 1},
          {1, K::put("x", v), put_outcome, 2, 20},
          {2, K::append("x", "q"), K::Output{}, 2, 20},
          {3, K::get("x"), K::Output{"pq"}, 21, 22}};
}

TEST(Prune, PendingPutOfAPrefixKeepsAnUnreachableGetAlive) {
  // In state "a" the get of "pq" is unreachable by appends, but the pending put "p" resets it.
  EXPECT_EQ(check(K{}, put_then_append(K::Output{}, "p")).verdict, Verdict::kLinearizable);
  EXPECT_EQ(check(K{}, put_then_append(std::nullopt, "p")).verdict, Verdict::kLinearizable);
  // A put of a value that is not a prefix of the answer cannot help.
  EXPECT_EQ(check(K{}, put_then_append(K::Output{}, "z")).verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(check(K{}, put_then_append(std::nullopt, "z")).verdict, Verdict::kNotLinearizable);
}

TEST(Prune, PutToAnotherKeyDoesNotEnableAGet) {
  History<K> h = put_then_append(K::Output{}, "p");
  h[1].input.key = "y";
  EXPECT_EQ(check(K{}, h).verdict, Verdict::kNotLinearizable);
}

TEST(Prune, VerdictsMatchTheUnprunedSearchOnMediumRandomHistories) {
  // Too large for brute force (see crosscheck_test.cpp for that): the search without the hook
  // is the reference. Gets are mutated to drop or swap chunks, which the pruning detects.
  int violations = 0;
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    GeneratorOptions o;
    o.seed = seed;
    o.clients = 5;
    o.operations = 24;
    o.keys = 1 + seed % 2;
    o.max_latency = 8;
    o.unknown_percent = seed % 3 == 0 ? 15 : 0;
    History<K> h = generate_kv(o);
    random::Rng rng(seed * 7877);
    for (auto& op : h) {
      if (op.known() && op.input.kind == K::Input::Kind::kGet && rng.chance({1, 4})) {
        op.output->value = test_support::shuffle_chunks(op.output->value, rng);
      }
    }
    for (bool partition : {false, true}) {
      Options options;
      options.partition = partition;
      const Verdict expected = check(PlainKv(), convert<PlainKv>(h), options).verdict;
      ASSERT_NE(expected, Verdict::kUnknown);
      violations += expected == Verdict::kNotLinearizable ? 1 : 0;
      EXPECT_EQ(check(K{}, h, options).verdict, expected) << "seed " << seed << " " << partition;
    }
  }
  EXPECT_GT(violations, 30);
  EXPECT_LT(violations, 270);
}

}  // namespace
}  // namespace dslab::lincheck
