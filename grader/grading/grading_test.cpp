// Tests of the grading pieces that need no built lab: compiler-error excerpts and reading a
// failing test's output (staging rules: stage_test.cpp).
#include <gtest/gtest.h>

#include <fstream>

#include "grader/grading/stage.hpp"
#include "grader/grading/student_build.hpp"
#include "grader/grading/test_runner.hpp"

namespace dslab::grading {
namespace {
namespace fs = std::filesystem;

TEST(FirstErrors, KeepsCompilerErrorsAndTheirContext) {
  const std::string log =
      "-- Configuring done\n[1/3] Building CXX object node.cpp.o\n"
      "node.cpp:12:5: error: 'promised' was not declared in this scope\n"
      "   12 |     promised = 3;\n      |     ^~~~~~~~\n"
      "ninja: build stopped: subcommand failed.\n";
  const std::string e = first_errors(log);
  EXPECT_NE(e.find("node.cpp:12:5: error"), std::string::npos) << e;
  EXPECT_NE(e.find("promised = 3"), std::string::npos) << e;
  EXPECT_EQ(e.find("Configuring"), std::string::npos) << e;
}

TEST(ExplainFailure, ReadsSeedReasonAndReplayFromASimulatedFailure) {
  const std::string out =
      "[ RUN      ] Safety.OneValue\n"
      "labs/lab3-paxos/tests/hidden/safety_test.cpp:40: Failure\nValue of: result\n"
      "FAIL lab3-paxos  Safety.OneValue  seed=8812\n"
      "  safety at t=41.200ms: learner 3 decided \"b\" but learner 1 decided \"a\"\n"
      "  trace (last 2 of 214 events):\n  ...\n"
      "  replay: dslab replay lab3-paxos Safety.OneValue --seed 8812\n"
      "[  FAILED  ] Safety.OneValue (12 ms)\n";
  report::TestResult r;
  explain_failure(out, r);
  EXPECT_EQ(r.seed, 8812u);
  EXPECT_EQ(r.replay, "dslab replay lab3-paxos Safety.OneValue --seed 8812");
  EXPECT_EQ(r.reason, "safety at t=41.200ms: learner 3 decided \"b\" but learner 1 decided \"a\"");
  EXPECT_NE(r.detail.find("trace (last 2"), std::string::npos);
}

TEST(ExplainFailure, MarksNondeterminism) {
  report::TestResult r;
  r.status = report::TestStatus::kFailed;
  explain_failure("NONDETERMINISTIC lab2-detector  Det.X  seed=4\n  event 3 differs\n", r);
  EXPECT_EQ(r.status, report::TestStatus::kNondeterministic);
  EXPECT_EQ(r.seed, 4u);
}

}  // namespace
}  // namespace dslab::grading
