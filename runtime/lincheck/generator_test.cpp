// Tests of the synthetic history generator: linearizable by construction, corrupted not.
#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/generator.hpp"

namespace dslab::lincheck {
namespace {

GeneratorOptions with_seed(std::uint64_t seed, std::uint32_t unknown_percent) {
  GeneratorOptions o;
  o.seed = seed;
  o.clients = 5;
  o.operations = 80;
  o.keys = 3;
  o.unknown_percent = unknown_percent;
  return o;
}

TEST(Generator, SameSeedGivesSameHistory) {
  const auto a = generate_kv(with_seed(7, 10));
  const auto b = generate_kv(with_seed(7, 10));
  const auto c = generate_kv(with_seed(8, 10));
  ASSERT_EQ(a.size(), b.size());
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].input.value, b[i].input.value);
    EXPECT_EQ(a[i].call, b[i].call);
    EXPECT_EQ(a[i].ret, b[i].ret);
    differs = differs || a[i].call != c[i].call || a[i].input.key != c[i].input.key;
  }
  EXPECT_TRUE(differs);
}

TEST(Generator, HistoriesAreConcurrentAndSometimesUnknown) {
  const auto h = generate_register(with_seed(3, 20));
  std::size_t unknown = 0, overlapping = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    unknown += h[i].known() ? 0 : 1;
    if (i > 0 && h[i].call < h[i - 1].ret) ++overlapping;
  }
  EXPECT_GT(unknown, 0u);
  EXPECT_GT(overlapping, 10u);
}

TEST(Generator, RegisterHistoriesAreLinearizableAndCorruptedOnesAreNot) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto h = generate_register(with_seed(seed, seed % 3 == 0 ? 15 : 0));
    EXPECT_EQ(check(RegisterModel{}, h).verdict, Verdict::kLinearizable) << "seed " << seed;
    corrupt(h, seed);
    EXPECT_EQ(check(RegisterModel{}, h).verdict, Verdict::kNotLinearizable) << "seed " << seed;
  }
}

TEST(Generator, KvHistoriesAreLinearizableAndCorruptedOnesAreNot) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto h = generate_kv(with_seed(seed, seed % 3 == 0 ? 15 : 0));
    for (bool partition : {false, true}) {
      Options options;
      options.partition = partition;
      EXPECT_EQ(check(KvModel{}, h, options).verdict, Verdict::kLinearizable) << "seed " << seed;
    }
    corrupt(h, seed);
    Options options;
    options.partition = true;
    EXPECT_EQ(check(KvModel{}, h, options).verdict, Verdict::kNotLinearizable) << "seed " << seed;
  }
}

TEST(Generator, BankHistoriesAreLinearizableAndCorruptedOnesAreNot) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto parsed = generate_bank(with_seed(seed, seed % 3 == 0 ? 15 : 0));
    for (bool partition : {false, true}) {
      Options options;
      options.partition = partition;
      EXPECT_EQ(check(parsed.model, parsed.history, options).verdict, Verdict::kLinearizable)
          << "seed " << seed;
    }
    corrupt(parsed.history, seed);
    EXPECT_EQ(check(parsed.model, parsed.history).verdict, Verdict::kNotLinearizable)
        << "seed " << seed;
  }
}

TEST(Generator, CorruptAppendsAReadWhenThereIsNone) {
  History<RegisterModel> h{{0, RegisterModel::write(1), RegisterModel::cas_result(true), 0, 3}};
  EXPECT_EQ(corrupt(h, 1), 1u);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_GT(h[1].call, h[0].ret);
  EXPECT_EQ(check(RegisterModel{}, h).verdict, Verdict::kNotLinearizable);
}

TEST(Generator, RejectsOptionsOutOfRange) {
  GeneratorOptions o;
  o.clients = 0;
  EXPECT_THROW(generate_register(o), std::invalid_argument);
  o = {};
  o.unknown_percent = 101;
  EXPECT_THROW(generate_kv(o), std::invalid_argument);
}

}  // namespace
}  // namespace dslab::lincheck
