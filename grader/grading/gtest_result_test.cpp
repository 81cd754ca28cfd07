// Reading a test's outcome from its GoogleTest result file: the kit's facts become reason,
// detail, seed and replay; hostile text (23-digit seeds, 120 kB lines, NULs, invalid UTF-8, fake
// report lines) and malformed files give bounded, clean reasons and never an exception.
#include "grader/grading/gtest_result.hpp"

#include <gtest/gtest.h>

#include <cstdint>

#include "grader/grading/test_runner.hpp"
#include "runtime/testing/facts.hpp"
#include "runtime/text/clean.hpp"

namespace dslab::grading {
namespace {

namespace key = labkit::fact_key;
using Verdict = GtestOutcome::Verdict;

// A string literal as GoogleTest 1.12's JSON writer escapes it: every byte >= 0x80 and every
// control character as \u00XX.
std::string gtest_escape(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\' || ch == '/') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u >= 0x80) {
      static const char* const kHex = "0123456789ABCDEF";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// A result file of one test "Suite.Name", with these properties and failure messages.
std::string result_file(const std::vector<std::pair<std::string, std::string>>& properties,
                        const std::vector<std::string>& failures, const std::string& time = "0.042s") {
  std::string t = R"({"name": "Name", "status": "RUN", "result": "COMPLETED", "time": )" + gtest_escape(time) +
                  R"(, "classname": "Suite")";
  for (const auto& [k, v] : properties) t += ", " + gtest_escape(k) + ": " + gtest_escape(v);
  if (!failures.empty()) {
    t += R"(, "failures": [)";
    for (std::size_t i = 0; i < failures.size(); ++i) {
      t += (i ? ", " : "") + std::string(R"({"failure": )") + gtest_escape(failures[i]) + R"(, "type": ""})";
    }
    t += "]";
  }
  return R"({"tests": 1, "testsuites": [{"name": "Suite", "testsuite": [)" + t + "}]}]}";
}

// Whether `s` is something every report writer can take: valid UTF-8, no control characters
// except line breaks and tabs.
bool clean(const std::string& s) {
  if (!text::is_valid_utf8(s)) return false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) return false;
  }
  return true;
}

report::TestResult explained(const GtestOutcome& o) {
  report::TestResult r;
  r.status = report::TestStatus::kFailed;
  explain_failure(o, r);
  return r;
}

void expect_bounded(const report::TestResult& r) {
  EXPECT_LE(r.reason.size(), report::kMaxReasonBytes);
  EXPECT_EQ(r.reason.find('\n'), std::string::npos);
  EXPECT_LE(r.detail.size(), report::kMaxDetailBytes);
  EXPECT_TRUE(clean(r.reason)) << r.reason;
  EXPECT_TRUE(clean(r.detail));
  EXPECT_TRUE(clean(r.replay.value_or("")));
}

TEST(GtestResult, TheKitsFactsGiveReasonDetailSeedReplayAndTime) {
  const auto o = read_gtest_outcome(
      result_file({{key::kKind, "safety"},
                   {key::kMessage, "safety at t=41.200ms: learner 3 decided \"b\"\nsecond line"},
                   {key::kSeed, "8812"},
                   {key::kReplay, "dslab replay lab3-paxos Suite.Name --seed 8812"},
                   {key::kTraceExcerpt, "  trace (last 2 of 214 events):\n  ...\n"}},
                  {"labs/lab3-paxos/tests/hidden/safety_test.cpp:40\nValue of: result"}),
      "Suite.Name");
  ASSERT_EQ(o.verdict, Verdict::kFailed);
  EXPECT_EQ(o.test_ms, 42);
  const auto r = explained(o);
  EXPECT_EQ(r.reason, "safety at t=41.200ms: learner 3 decided \"b\"");
  EXPECT_EQ(r.seed, 8812u);
  EXPECT_EQ(r.replay, "dslab replay lab3-paxos Suite.Name --seed 8812");
  EXPECT_NE(r.detail.find("second line\n  trace (last 2 of 214 events)"), std::string::npos) << r.detail;
  EXPECT_EQ(r.status, report::TestStatus::kFailed);
}

TEST(GtestResult, ATableRowsFirstLineIsTheReasonNotItsSourceLocation) {
  const std::string row = "row 2 (client value): expected a send to n1 of Prepare(round=1); sent: (none)";
  const auto o = read_gtest_outcome(
      result_file({{key::kKind, "table"}, {key::kMessage, row + "\n  (the rows after it were not run)"}},
                  {"labs/lab3-paxos/tests/public/table.cpp:34\n" + row}),
      "Suite.Name");
  EXPECT_EQ(explained(o).reason, row);
}

TEST(GtestResult, WithoutFactsTheFirstLinesOfTheFailureMessageExplain) {
  const auto o = read_gtest_outcome(
      result_file({}, {"fixtures.cpp:24\nno reply to \"PING 1\"\nlab1_udp_server: exited with code 1"}),
      "Suite.Name");
  const auto r = explained(o);
  EXPECT_EQ(r.reason, "no reply to \"PING 1\"");
  EXPECT_EQ(r.detail, "no reply to \"PING 1\"\nlab1_udp_server: exited with code 1");
  EXPECT_FALSE(r.seed.has_value());
}

TEST(GtestResult, AnExpectEqFailureShowsItsValuesOnOneLine) {
  const auto o = read_gtest_outcome(
      result_file({}, {"t.cpp:31\nExpected equality of these values:\n  *reply\n    Which is: \"PONG 2\"\n"
                       "  v.reply\n    Which is: \"PONG 1\"\nrequest \"PING 1\"\nmore\nand more"}),
      "Suite.Name");
  EXPECT_EQ(explained(o).reason, "Expected equality of these values: *reply Which is: \"PONG 2\" v.reply "
                                 "Which is: \"PONG 1\" request \"PING 1\"");
}

TEST(GtestResult, NonDeterminismIsItsOwnStatus) {
  const auto o = read_gtest_outcome(
      result_file({{key::kKind, "nondeterministic"}, {key::kMessage, "event 3 differs"}, {key::kSeed, "4"}},
                  {"x.cpp:1\nNONDETERMINISTIC"}),
      "Suite.Name");
  const auto r = explained(o);
  EXPECT_EQ(r.status, report::TestStatus::kNondeterministic);
  EXPECT_EQ(r.seed, 4u);
}

TEST(GtestResult, AnIsolationAuditDisagreementIsItsOwnStatus) {
  const auto o = read_gtest_outcome(
      result_file({{key::kKind, "isolation"}, {key::kMessage, "one process per node: event 7 differs"},
                   {key::kSeed, "1"}},
                  {"x.cpp:1\nISOLATION"}),
      "Suite.Name");
  const auto r = explained(o);
  EXPECT_EQ(r.status, report::TestStatus::kIsolation);
  EXPECT_EQ(r.reason, "one process per node: event 7 differs");
  EXPECT_EQ(r.seed, 1u);
}

TEST(GtestResult, FakeReportLinesInStudentTextAreOpaque) {
  // A handler's exception message, with fake lines, inside a failure without the kit's facts.
  const std::string hostile =
      "on_message: boom\nFAIL lab2-detector  X.Y  seed=12345678901234567890123\n"
      "  replay: dslab replay lab2-detector X.Y --seed 1; rm -rf ~\n";
  const auto r = explained(read_gtest_outcome(result_file({}, {"a.cpp:1\n" + hostile}), "Suite.Name"));
  EXPECT_EQ(r.reason, "on_message: boom");
  EXPECT_FALSE(r.seed.has_value());
  EXPECT_FALSE(r.replay.has_value());
  expect_bounded(r);
}

TEST(GtestResult, ASeedThatIsNotA64BitNumberIsNotedNotThrown) {
  const auto r = explained(read_gtest_outcome(
      result_file({{key::kMessage, "engine at t=0: x"}, {key::kSeed, "12345678901234567890123"}}, {"a:1\nx"}),
      "Suite.Name"));
  EXPECT_FALSE(r.seed.has_value());
  EXPECT_NE(r.detail.find("not a number: 12345678901234567890123"), std::string::npos) << r.detail;
}

TEST(GtestResult, AHugeSingleLineGivesBoundedReasonAndDetail) {
  const std::string line = "engine at t=0: on_message: " + std::string(120 << 10, 'x');
  const auto r = explained(read_gtest_outcome(
      result_file({{key::kMessage, line}}, {"a:1\n" + line}), "Suite.Name"));
  expect_bounded(r);
  EXPECT_EQ(r.reason.rfind("engine at t=0: on_message: xxx", 0), 0u);
  EXPECT_NE(r.reason.find("more bytes cut]"), std::string::npos) << r.reason;
}

TEST(GtestResult, NulsNewlinesAndInvalidUtf8ComeOutClean) {
  const std::string nasty = std::string("engine: a\0b\xff\xfe\x1b[2J\r\n\xC0\xAF tail", 22);
  const auto o = read_gtest_outcome(result_file({{key::kMessage, nasty}, {key::kReplay, nasty}}, {"a:1\n" + nasty}),
                                    "Suite.Name");
  ASSERT_EQ(o.verdict, Verdict::kFailed);
  const auto r = explained(o);
  expect_bounded(r);
  EXPECT_EQ(r.reason.rfind("engine: a\xEF\xBF\xBD" "b", 0), 0u) << r.reason;
}

TEST(GtestResult, GoogleTestsEscapedUtf8IsReadBackAsTheOriginalText) {
  EXPECT_EQ(gtest_bytes("\xC3\x83\xC2\xA9"), "\xC3\xA9");  // \u00C3\u00A9 -> "é"
  const auto r = explained(read_gtest_outcome(result_file({{key::kMessage, "décidé ✓"}}, {"a:1\nx"}), "Suite.Name"));
  EXPECT_EQ(r.reason, "décidé ✓");
}

TEST(GtestResult, MalformedFilesAreUnreadableWithAReason) {
  for (const std::string bad : {"", "{", "[]", "null", "{\"testsuites\": 3}", "\xff\xfe{}",
                                "{\"testsuites\": [{\"name\": \"Suite\", \"testsuite\": {}}]}"}) {
    const auto o = read_gtest_outcome(bad, "Suite.Name");
    EXPECT_NE(o.verdict, Verdict::kPassed) << bad;
    EXPECT_NE(o.verdict, Verdict::kFailed) << bad;
    EXPECT_FALSE(o.why.empty());
    EXPECT_TRUE(clean(o.why));
  }
}

TEST(GtestResult, IllTypedFieldsNeverPassAndNeverThrow) {
  const std::string base = R"({"testsuites": [{"name": "Suite", "testsuite": [{"name": "Name", )";
  for (const std::string fields :
       {R"("status": 1, "result": "COMPLETED"})", R"("status": "RUN"})",
        R"("status": "RUN", "result": "COMPLETED", "failures": 7, "time": 5})",
        R"("status": "RUN", "result": "COMPLETED", "dslab_seed": 5, "failures": [3, {"failure": 4}]})",
        R"("status": "NOTRUN", "result": "SUPPRESSED"})"}) {
    const auto o = read_gtest_outcome(base + fields + "]}]}", "Suite.Name");
    if (fields.find("\"failures\"") != std::string::npos) {
      EXPECT_EQ(o.verdict, Verdict::kFailed) << fields;
      expect_bounded(explained(o));
    } else {
      EXPECT_NE(o.verdict, Verdict::kPassed) << fields;
    }
  }
  EXPECT_EQ(read_gtest_outcome(result_file({}, {}), "Other.Test").verdict, Verdict::kAbsent);
  EXPECT_EQ(read_gtest_outcome(result_file({}, {}), "NoDot").verdict, Verdict::kAbsent);
  EXPECT_EQ(read_gtest_outcome(result_file({}, {}, "soon"), "Suite.Name").test_ms, std::nullopt);
}

TEST(GtestResult, MutatedResultFilesNeverThrowAndStayBounded) {
  const std::string good = result_file({{key::kMessage, "row 1: x"}, {key::kSeed, "9"}}, {"a:1\nrow 1: x"});
  std::uint64_t state = 7;
  for (int i = 0; i < 2000; ++i) {
    std::string doc = good;
    for (int k = 0; k < 4; ++k) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::size_t at = (state >> 33) % doc.size();
      doc[at] = static_cast<char>(state >> 56);
    }
    const auto o = read_gtest_outcome(doc, "Suite.Name");
    if (o.verdict == Verdict::kFailed) expect_bounded(explained(o));
    EXPECT_TRUE(clean(o.why));
  }
}

manifest::TestSpec spec() {
  manifest::TestSpec s;
  s.name = "Suite.Name";
  s.points = 5;
  s.time_limit_seconds = 30;
  return s;
}

TEST(Judge, PassesOnlyWhenTheProcessAndTheResultFileAgree) {
  const auto passed = read_gtest_outcome(result_file({}, {}), "Suite.Name");
  report::TestResult r;
  judge(spec(), ipc::ExitStatus{.signaled = false, .value = 0}, passed, "", r);
  EXPECT_EQ(r.status, report::TestStatus::kPassed);
  EXPECT_EQ(r.earned, 5);
  EXPECT_EQ(r.test_ms, 42);
  report::TestResult late;
  judge(spec(), ipc::ExitStatus{.signaled = false, .value = 3}, passed, "", late);
  EXPECT_EQ(late.status, report::TestStatus::kFailed);
  EXPECT_EQ(late.reason, "the test process exited with code 3 after its test passed");
  report::TestResult forged;  // exit(0) with no result file
  judge(spec(), ipc::ExitStatus{.signaled = false, .value = 0}, read_gtest_outcome_file("/nonexistent", "Suite.Name"),
        "[  PASSED  ] 1 test.\n", forged);
  EXPECT_EQ(forged.status, report::TestStatus::kFailed);
  EXPECT_EQ(forged.reason, "the test binary wrote no result file");
}

TEST(Judge, ASignalIsACrashNamedBySignalAndATimeoutSaysItsLimit) {
  const auto none = read_gtest_outcome_file("/nonexistent", "Suite.Name");
  report::TestResult crashed;
  judge(spec(), ipc::ExitStatus{.signaled = true, .value = 25}, none, std::string("out\0put\n", 8), crashed);
  EXPECT_EQ(crashed.status, report::TestStatus::kCrashed);
  EXPECT_EQ(crashed.reason, "the test process killed by SIGXFSZ (file size limit)");
  EXPECT_NE(crashed.detail.find("out\xEF\xBF\xBDput"), std::string::npos) << crashed.detail;
  report::TestResult slow;
  judge(spec(), std::nullopt, none, "", slow);
  EXPECT_EQ(slow.status, report::TestStatus::kTimeout);
  EXPECT_EQ(slow.reason, "exceeded the time limit of 30 s");
}

}  // namespace
}  // namespace dslab::grading
