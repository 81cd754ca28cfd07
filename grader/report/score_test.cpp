// Tests of manifest-keyed scoring: missing tests score 0, unknown results are ignored, bounds.
#include "grader/report/score.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace dslab::report {
namespace {

manifest::LabManifest lab() {
  manifest::LabManifest m;
  m.id = "lab3-paxos";
  m.title = "Paxos";
  m.pass_threshold = 60;
  const auto add = [&m](std::string name, int points, manifest::Visibility v) {
    manifest::TestSpec t;
    t.name = std::move(name);
    t.points = points;
    t.visibility = v;
    t.property = "property of " + t.name;
    m.tests.push_back(t);
  };
  add("Safety.OneValue", 20, manifest::Visibility::kHidden);
  add("Liveness.Decides", 10, manifest::Visibility::kPublic);
  add("Acceptor.IgnoresLowRound", 10, manifest::Visibility::kPublic);
  return m;
}

TestResult result(std::string name, TestStatus status, int claimed_points = 999) {
  TestResult r;
  r.name = std::move(name);
  r.status = status;
  r.points = claimed_points;
  r.earned = claimed_points;
  return r;
}

TEST(Score, NoResultsMeansEveryTestMissingAndZero) {
  const LabResult r = score_lab(lab(), {});
  ASSERT_EQ(r.tests.size(), 3U);
  for (const auto& t : r.tests) {
    EXPECT_EQ(t.status, TestStatus::kMissing);
    EXPECT_EQ(t.earned, 0);
  }
  EXPECT_EQ(r.score, 0);
  EXPECT_FALSE(r.passed);
}

TEST(Score, PointsComeFromTheManifestNotTheResult) {
  const std::vector<TestResult> results{result("Safety.OneValue", TestStatus::kPassed),
                                        result("Liveness.Decides", TestStatus::kPassed)};
  const LabResult r = score_lab(lab(), results);
  EXPECT_EQ(r.tests[0].earned, 20);
  EXPECT_EQ(r.tests[0].points, 20);
  EXPECT_EQ(r.tests[0].visibility, manifest::Visibility::kHidden);
  EXPECT_EQ(r.tests[2].status, TestStatus::kMissing);
  EXPECT_EQ(r.score, 75);
  EXPECT_TRUE(r.passed);
  EXPECT_EQ(r.final_score, 75);
}

TEST(Score, UnknownResultsAreIgnoredAndNoted) {
  const std::vector<TestResult> results{result("Forged.AllPass", TestStatus::kPassed),
                                        result("Liveness.Decides", TestStatus::kPassed)};
  const LabResult r = score_lab(lab(), results);
  EXPECT_EQ(r.score, 25);
  ASSERT_EQ(r.notes.size(), 1U);
  EXPECT_NE(r.notes[0].find("Forged.AllPass"), std::string::npos);
}

TEST(Score, DuplicateResultKeepsTheWorst) {
  const std::vector<TestResult> results{result("Safety.OneValue", TestStatus::kCrashed),
                                        result("Safety.OneValue", TestStatus::kPassed)};
  const LabResult r = score_lab(lab(), results);
  EXPECT_EQ(r.tests[0].status, TestStatus::kCrashed);
  EXPECT_EQ(r.tests[0].earned, 0);
}

TEST(Score, ScoreIsRoundedToTwoDecimalsAndThresholdIsStrict) {
  manifest::LabManifest m = lab();
  m.tests[0].points = 10;
  m.tests[1].points = 10;
  m.tests[2].points = 10;  // 20/30 = 66.666...
  const std::vector<TestResult> two{result("Safety.OneValue", TestStatus::kPassed),
                                    result("Liveness.Decides", TestStatus::kPassed)};
  EXPECT_EQ(score_lab(m, two).score, 66.67);
  m.tests[2].points = 5;  // 15/25 = 60: not above 60
  const std::vector<TestResult> one_and_half{result("Safety.OneValue", TestStatus::kPassed),
                                             result("Acceptor.IgnoresLowRound", TestStatus::kPassed)};
  const LabResult r = score_lab(m, one_and_half);
  EXPECT_EQ(r.score, 60);
  EXPECT_FALSE(r.passed);
}

TEST(Score, NonPassingStatusesEarnNothing) {
  for (auto s : {TestStatus::kFailed, TestStatus::kCrashed, TestStatus::kTimeout, TestStatus::kNondeterministic,
                 TestStatus::kIsolation, TestStatus::kSandboxViolation, TestStatus::kBuildFailed}) {
    const std::vector<TestResult> results{result("Liveness.Decides", s)};
    EXPECT_EQ(score_lab(lab(), results).tests[1].earned, 0) << to_string(s);
  }
}

TEST(Score, ReasonIsOneBoundedLineAndDetailIsBounded) {
  TestResult r = result("Liveness.Decides", TestStatus::kFailed);
  r.reason = std::string(1000, 'x') + "\nsecond line";
  r.detail = std::string(100000, 'y');
  const std::vector<TestResult> results{r};
  const LabResult out = score_lab(lab(), results);
  EXPECT_EQ(out.tests[1].reason.find('\n'), std::string::npos);
  EXPECT_LT(out.tests[1].reason.size(), kMaxReasonBytes + 40);
  EXPECT_LT(out.tests[1].detail.size(), kMaxDetailBytes + 40);
  EXPECT_NE(out.tests[1].detail.find("more bytes cut"), std::string::npos);
}

TEST(Score, BoundTextNeverSplitsUtf8AndCountsItsMarker) {
  std::string s;
  for (int i = 0; i < 200; ++i) s += "é";  // 0xC3 0xA9 each
  for (std::size_t bound = 50; bound < 60; ++bound) {
    const std::string out = bound_text(s, bound);
    EXPECT_LE(out.size(), bound);
    const std::string kept = out.substr(0, out.find(" [... "));
    EXPECT_EQ(kept.size() % 2, 0u) << "a sequence split at bound " << bound;
  }
}

TEST(Score, BuildFailureScoresZeroAndKeepsTheLog) {
  const LabResult r = build_failed(lab(), "acceptor.cpp:3: error: expected ';'");
  EXPECT_EQ(r.score, 0);
  EXPECT_FALSE(r.passed);
  for (const auto& t : r.tests) EXPECT_EQ(t.status, TestStatus::kBuildFailed);
  EXPECT_EQ(r.build_log_excerpt, "acceptor.cpp:3: error: expected ';'");
}

TEST(Score, PenaltyNeverTakesTheGradeBelowZero) {
  LabResult r = score_lab(lab(), {});
  r.score = 30;
  apply_penalty(r, 45);
  EXPECT_EQ(r.final_score, 0);
  apply_penalty(r, 10);
  EXPECT_EQ(r.final_score, 20);
}

}  // namespace
}  // namespace dslab::report
