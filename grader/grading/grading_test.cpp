// Tests of the grading pieces that need no built lab: staging rules and compiler-error excerpts
// (reading a test's result file: gtest_result_test.cpp).
#include <gtest/gtest.h>

#include <fstream>

#include "grader/grading/stage.hpp"
#include "grader/grading/student_build.hpp"

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

}  // namespace
}  // namespace dslab::grading
