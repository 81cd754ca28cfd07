// Differential test: the search agrees with a brute-force oracle on small random histories.
#include <gtest/gtest.h>

#include <vector>

#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/generator.hpp"
#include "runtime/lincheck/test_mutations.hpp"
#include "runtime/random/random.hpp"

namespace dslab::lincheck {
namespace {

/// Tries every order that respects real time; unknown operations may also be left out.
template <class M>
bool brute_force(const M& model, const History<M>& h, std::vector<bool>& placed,
                 const typename M::State& state) {
  bool all_known_placed = true;
  for (std::size_t i = 0; i < h.size(); ++i) all_known_placed &= placed[i] || !h[i].known();
  if (all_known_placed) return true;
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (placed[i]) continue;
    bool may_go_next = true;  // no unplaced known operation returned before this one's call
    for (std::size_t j = 0; j < h.size(); ++j) {
      if (!placed[j] && j != i && h[j].known() && h[j].ret < h[i].call) may_go_next = false;
    }
    typename M::State next;
    if (!may_go_next || !model.step(state, h[i].input, h[i].output, next)) continue;
    placed[i] = true;
    const bool ok = brute_force(model, h, placed, next);
    placed[i] = false;
    if (ok) return true;
  }
  return false;
}

template <class M>
bool oracle(const M& model, const History<M>& h) {
  std::vector<bool> placed(h.size(), false);
  return brute_force(model, h, placed, model.init());
}

GeneratorOptions small(std::uint64_t seed) {
  GeneratorOptions o;
  o.seed = seed;
  o.clients = 3;
  o.operations = 7;
  o.keys = 2;
  o.max_latency = 6;
  o.unknown_percent = 20;
  return o;
}

TEST(CrossCheck, RegisterVerdictsMatchBruteForceOnSubtlyMutatedHistories) {
  int violations = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    auto h = generate_register(small(seed));
    random::Rng rng(seed * 7919);
    for (auto& op : h) {  // plausible wrong answers: values that were written elsewhere
      if (!op.known() || !rng.chance({1, 4})) continue;
      if (op.input.kind == RegisterModel::Input::Kind::kRead) {
        op.output->value = rng.chance({1, 5}) ? RegisterModel::Value{} : rng.between(0, 4);
      } else if (op.input.kind == RegisterModel::Input::Kind::kCas) {
        op.output->ok = !op.output->ok;
      }
    }
    const bool expected = oracle(RegisterModel{}, h);
    violations += expected ? 0 : 1;
    EXPECT_EQ(check(RegisterModel{}, h).verdict,
              expected ? Verdict::kLinearizable : Verdict::kNotLinearizable)
        << "seed " << seed;
  }
  EXPECT_GT(violations, 40);  // the mutations produce both verdicts
  EXPECT_LT(violations, 360);
}

TEST(CrossCheck, KvVerdictsMatchBruteForceOnSubtlyMutatedHistories) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    auto h = generate_kv(small(seed));
    random::Rng rng(seed * 104729);
    for (std::size_t i = 0; i < h.size(); ++i) {  // gets that return another get's answer
      const std::size_t j = rng.below(h.size());
      if (h[i].known() && h[j].known() && h[i].input.kind == KvModel::Input::Kind::kGet &&
          h[j].input.kind == KvModel::Input::Kind::kGet && rng.chance({1, 2})) {
        h[i].output = h[j].output;
      }
    }
    const bool expected = oracle(KvModel{}, h);
    for (bool partition : {false, true}) {
      Options options;
      options.partition = partition;
      EXPECT_EQ(check(KvModel{}, h, options).verdict,
                expected ? Verdict::kLinearizable : Verdict::kNotLinearizable)
          << "seed " << seed << " partition " << partition;
    }
  }
}

TEST(CrossCheck, KvVerdictsMatchBruteForceWhenGetsSeeAppendsOutOfOrder) {
  // Exercises the pruning of unreachable gets (see prune_test.cpp): answers with two chunks
  // swapped or dropped, over one key (puts may re-enable them) or two, some outcomes unknown.
  int violations = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    GeneratorOptions o = small(seed);
    o.operations = 8;
    o.keys = 1 + seed % 2;
    auto h = generate_kv(o);
    random::Rng rng(seed * 7877);
    for (auto& op : h) {
      if (op.known() && op.input.kind == KvModel::Input::Kind::kGet && rng.chance({1, 3})) {
        op.output->value = test_support::shuffle_chunks(op.output->value, rng);
      }
    }
    const bool expected = oracle(KvModel{}, h);
    violations += expected ? 0 : 1;
    for (bool partition : {false, true}) {
      Options options;
      options.partition = partition;
      EXPECT_EQ(check(KvModel{}, h, options).verdict,
                expected ? Verdict::kLinearizable : Verdict::kNotLinearizable)
          << "seed " << seed << " partition " << partition;
    }
  }
  EXPECT_GT(violations, 40);  // the mutations produce both verdicts
  EXPECT_LT(violations, 360);
}

TEST(CrossCheck, BankVerdictsMatchBruteForceOnSubtlyMutatedHistories) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    auto parsed = generate_bank(small(seed));
    random::Rng rng(seed * 15485863);
    for (auto& op : parsed.history) {
      if (!op.known() || !rng.chance({1, 4})) continue;
      if (op.input.kind == BankModel::Input::Kind::kBalance) {
        op.output->balance += rng.between(-30, 30);
      } else if (op.input.kind != BankModel::Input::Kind::kDeposit) {
        op.output->ok = !op.output->ok;
      }
    }
    const bool expected = oracle(parsed.model, parsed.history);
    for (bool partition : {false, true}) {
      Options options;
      options.partition = partition;
      EXPECT_EQ(check(parsed.model, parsed.history, options).verdict,
                expected ? Verdict::kLinearizable : Verdict::kNotLinearizable)
          << "seed " << seed << " partition " << partition;
    }
  }
}

}  // namespace
}  // namespace dslab::lincheck
