// Failure facts: recorded once per test as bounded, clean GoogleTest properties, by the kit's
// one failure path (simulated runs and table rows alike).
#include "runtime/testing/facts.hpp"

#include <gtest/gtest.h>

#include <map>

#include "runtime/testing/report.hpp"
#include "runtime/text/clean.hpp"

namespace dslab::labkit {
namespace {

// The properties the running test recorded so far.
std::map<std::string, std::string> recorded() {
  std::map<std::string, std::string> out;
  const auto& result = *::testing::UnitTest::GetInstance()->current_test_info()->result();
  for (int i = 0; i < result.test_property_count(); ++i) {
    out[result.GetTestProperty(i).key()] = result.GetTestProperty(i).value();
  }
  return out;
}

TEST(Facts, RecordsEveryNonEmptyFactUnderItsKey) {
  ASSERT_TRUE(record_facts({.kind = "safety",
                            .property = "one value decided",
                            .message = "learner 3 decided b\nmore",
                            .seed = 8812,
                            .replay = "dslab replay lab3-paxos X --seed 8812",
                            .trace_excerpt = "  trace (last 2 of 9 events):\n  a\n  b\n"}));
  const auto got = recorded();
  EXPECT_EQ(got.at(fact_key::kKind), "safety");
  EXPECT_EQ(got.at(fact_key::kProperty), "one value decided");
  EXPECT_EQ(got.at(fact_key::kMessage), "learner 3 decided b\nmore");
  EXPECT_EQ(got.at(fact_key::kSeed), "8812");
  EXPECT_EQ(got.at(fact_key::kReplay), "dslab replay lab3-paxos X --seed 8812");
  EXPECT_EQ(got.at(fact_key::kTraceExcerpt), "  trace (last 2 of 9 events):\n  a\n  b\n");
}

TEST(Facts, TheFirstFailureOfATestIsTheOneKept) {
  ASSERT_TRUE(record_facts({.kind = "table", .message = "row 1 (first): expected x"}));
  EXPECT_FALSE(record_facts({.kind = "table", .message = "row 7 (later): expected y"}));
  EXPECT_EQ(recorded().at(fact_key::kMessage), "row 1 (first): expected x");
}

TEST(Facts, StudentTextIsCleanedAndBoundedWithTheFirstLineWhole) {
  const std::string first = "engine at t=1ms: on_message: \xff\x01 broken";
  const std::string message =
      first + "\nseed=12345678901234567890123\n" + std::string(120 << 10, 'A');
  const auto props = fact_properties({.kind = "engine\nsafety", .message = message});
  std::map<std::string, std::string> got(props.begin(), props.end());
  const std::string& m = got.at(fact_key::kMessage);
  EXPECT_LE(m.size(), kMaxFactBytes);
  EXPECT_TRUE(text::is_valid_utf8(m));
  EXPECT_EQ(m.rfind("engine at t=1ms: on_message: \xEF\xBF\xBD\xEF\xBF\xBD broken\n", 0), 0u) << m;
  EXPECT_NE(m.find("more bytes cut]"), std::string::npos);
  EXPECT_EQ(got.at(fact_key::kKind), "engine safety");  // one-line facts stay on one line
  EXPECT_EQ(got.count(fact_key::kSeed), 0u);            // no seed stated, none recorded
}

TEST(Facts, AFailedTableRowRecordsItsRowAndExpectation) {
  const auto failure = report_failure(
      FailedRow{.number = 2,
                .what = "client value",
                .problem = "expected a send to n1 of Prepare(round=1); sent: (none)"});
  EXPECT_FALSE(failure);
  const auto got = recorded();
  EXPECT_EQ(got.at(fact_key::kKind), "table");
  EXPECT_EQ(text::first_lines(got.at(fact_key::kMessage), 1),
            "row 2 (client value): expected a send to n1 of Prepare(round=1); sent: (none)");
}

TEST(Facts, AFailedRunRecordsItsReasonSeedAndReplay) {
  FailedRun run;
  run.seed = 12;
  run.kind = "safety";
  run.message = "two leaders";
  run.at = 1500;
  run.property = "at most one leader";
  const auto failure = report_failure(run);
  EXPECT_FALSE(failure);
  const auto got = recorded();
  EXPECT_EQ(got.at(fact_key::kMessage), "safety at t=1.500ms: two leaders");
  EXPECT_EQ(got.at(fact_key::kSeed), "12");
  EXPECT_EQ(got.at(fact_key::kReplay), replay_command(12));
  EXPECT_EQ(got.at(fact_key::kProperty), "at most one leader");
  EXPECT_NE(got.at(fact_key::kTraceExcerpt).find("no trace recorded"), std::string::npos);
}

TEST(Facts, AnyOtherCheckRecordsItsMessage) {
  const auto failure = report_failure(FailedCheck{.message = "request \"PING\": expected the reply \"PONG\", got \"\""});
  EXPECT_FALSE(failure);
  EXPECT_EQ(recorded().at(fact_key::kKind), "check");
  EXPECT_EQ(recorded().at(fact_key::kMessage), "request \"PING\": expected the reply \"PONG\", got \"\"");
}

}  // namespace
}  // namespace dslab::labkit
