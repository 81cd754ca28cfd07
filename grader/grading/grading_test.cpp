// Tests of the grading pieces that need no built lab: staging rules, compiler-error excerpts,
// and reading a failing test's output.
#include <gtest/gtest.h>

#include <fstream>

#include "grader/grading/stage.hpp"
#include "grader/grading/student_build.hpp"
#include "grader/grading/test_runner.hpp"

namespace dslab::grading {
namespace {
namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

struct Tree {
  fs::path root = fs::temp_directory_path() / ("dslab-stage-test-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(root);
    write(root / "src/CMakeLists.txt", "top");
    write(root / "src/CMakePresets.json", "{}");
    write(root / "src/cmake/x.cmake", "x");
    write(root / "src/runtime/a.hpp", "a");
    write(root / "src/labs/CMakeLists.txt", "labs");
    write(root / "src/labs/lab9/api/p.hpp", "api");
    write(root / "src/labs/lab9/tests/public/t.cpp", "public test");
    write(root / "src/labs/lab9/tests/hidden/secret.cpp", "HIDDEN TEST");
    write(root / "src/labs/lab9/bugs/b1/node.cpp", "bug");
    write(root / "src/labs/lab8/api/other.hpp", "other lab");
    write(root / "src/solutions/lab9/node.cpp", "SOLUTION");
    write(root / "sub/lab9/node.cpp", "student node");
    write(root / "sub/lab9/extra.cpp", "not a student file");
    write(root / "sub/lab9/tests/hidden/forged.cpp", "forged");
  }
  ~Tree() { fs::remove_all(root); }
};

manifest::LabManifest lab9() {
  manifest::LabManifest m;
  m.id = "lab9";
  m.student_files = {"node.cpp", "node.hpp"};
  return m;
}

TEST(Stage, CopiesOnlyTrustedSourcesAndStudentOwnedFiles) {
  Tree t;
  const auto staged = stage(t.root / "src", lab9(), t.root / "sub", t.root / "work");
  EXPECT_TRUE(fs::exists(staged.root / "labs/lab9/api/p.hpp"));
  EXPECT_TRUE(fs::exists(staged.root / "labs/lab9/tests/public/t.cpp"));
  EXPECT_TRUE(fs::exists(staged.root / "runtime/a.hpp"));
  EXPECT_FALSE(fs::exists(staged.root / "labs/lab9/tests/hidden")) << "hidden tests leaked";
  EXPECT_FALSE(fs::exists(staged.root / "labs/lab9/bugs")) << "buggy solutions leaked";
  EXPECT_FALSE(fs::exists(staged.root / "solutions")) << "solutions leaked";
  EXPECT_FALSE(fs::exists(staged.root / "labs/lab8")) << "another lab leaked";
  EXPECT_TRUE(fs::exists(staged.student_dir / "lab9/node.cpp"));
  EXPECT_FALSE(fs::exists(staged.student_dir / "lab9/extra.cpp"));
  EXPECT_FALSE(fs::exists(staged.student_dir / "lab9/tests"));
  EXPECT_EQ(staged.missing, (std::vector<std::string>{"node.hpp"}));
}

TEST(Stage, SymlinkedStudentFileCountsAsMissing) {
  Tree t;
  fs::create_symlink(t.root / "src/solutions/lab9/node.cpp", t.root / "sub/lab9/node.hpp");
  const auto staged = stage(t.root / "src", lab9(), t.root / "sub", t.root / "work");
  EXPECT_EQ(staged.missing, (std::vector<std::string>{"node.hpp"}));
  EXPECT_FALSE(fs::exists(staged.student_dir / "lab9/node.hpp"));
}

TEST(Stage, AcceptsTheLabFolderItselfAsSubmission) {
  Tree t;
  EXPECT_EQ(lab_folder(t.root / "sub/lab9", lab9()), t.root / "sub/lab9");
  EXPECT_EQ(lab_folder(t.root / "sub", lab9()), t.root / "sub/lab9");
}

TEST(Stage, RefusesANonEmptyWorkDirAndAMissingSubmission) {
  Tree t;
  write(t.root / "work/x", "x");
  EXPECT_THROW(stage(t.root / "src", lab9(), t.root / "sub", t.root / "work"), std::runtime_error);
  EXPECT_THROW(stage(t.root / "src", lab9(), t.root / "nope", t.root / "work2"), std::runtime_error);
}

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
