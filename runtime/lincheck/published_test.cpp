// Reproduces every published verdict of the shared histories (../shared/data/lincheck).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "runtime/lincheck/run.hpp"

namespace dslab::lincheck {
namespace {

namespace fs = std::filesystem;

const fs::path kData = DSLAB_LINCHECK_DATA_DIR;

std::map<std::string, std::string> expected(const fs::path& file) {
  std::map<std::string, std::string> out;
  std::ifstream in(file);
  std::string name, verdict;
  while (in >> name >> verdict) out[name] = verdict;
  return out;
}

Verdict verdict_of(const std::string& word) {
  if (word == "linearizable") return Verdict::kLinearizable;
  if (word == "not-linearizable") return Verdict::kNotLinearizable;
  return Verdict::kUnknown;
}

#define SKIP_WITHOUT_DATA(sub)                                                               \
  if (!fs::is_directory(kData / (sub))) {                                                    \
    GTEST_SKIP() << "shared lincheck data not found at " << (kData / (sub)).string()         \
                 << " (it lives outside the repository, in ../shared/data/lincheck)";        \
  }

TEST(Published, EveryEtcdVerdictIsReproduced) {
  SKIP_WITHOUT_DATA("etcd");
  const auto verdicts = expected(kData / "etcd" / "EXPECTED.txt");
  ASSERT_EQ(verdicts.size(), 103u);
  int published = 0;
  for (const auto& [name, word] : verdicts) {
    // etcd_095.log is empty (nothing is published for it): only there is an empty history asked for.
    const FileReport report = check_file((kData / "etcd" / name).string(), ModelKind::kRegister, {},
                                         /*allow_empty=*/word == "unknown");
    EXPECT_NE(report.result.verdict, Verdict::kUnknown) << name << ": " << report.result.reason;
    // Nothing is published for etcd_095.log (an empty file): any definite answer is accepted.
    if (word == "unknown") continue;
    EXPECT_GT(report.result.operations, 0u) << name;
    ++published;
    EXPECT_EQ(report.result.verdict, verdict_of(word)) << name;
  }
  EXPECT_EQ(published, 102);
}

TEST(Published, EveryKvVerdictIsReproducedPartitioned) {
  SKIP_WITHOUT_DATA("kv");
  const auto verdicts = expected(kData / "kv" / "EXPECTED.txt");
  ASSERT_EQ(verdicts.size(), 6u);
  for (const auto& [name, word] : verdicts) {
    Options options;
    options.partition = true;
    const FileReport report = check_file((kData / "kv" / name).string(), ModelKind::kKv, options);
    EXPECT_EQ(report.result.verdict, verdict_of(word)) << name;
    if (report.result.verdict == Verdict::kNotLinearizable) {
      EXPECT_FALSE(report.result.explanation->blocked.empty()) << name;
    }
  }
}

TEST(Published, SmallKvVerdictsAreReproducedUnpartitioned) {
  SKIP_WITHOUT_DATA("kv");
  const auto verdicts = expected(kData / "kv" / "EXPECTED.txt");
  for (const char* name : {"c01-ok.txt", "c01-bad.txt", "c10-ok.txt", "c10-bad.txt"}) {
    const FileReport report = check_file((kData / "kv" / name).string(), ModelKind::kKv, {});
    EXPECT_EQ(report.result.verdict, verdict_of(verdicts.at(name))) << name;
  }
}

}  // namespace
}  // namespace dslab::lincheck
