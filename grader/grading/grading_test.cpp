// Tests of the grading pieces that need no built lab: compiler-error excerpts (staging rules:
// stage_test.cpp; reading a test's result file: gtest_result_test.cpp).
#include <gtest/gtest.h>

#include <fstream>

#include "grader/grading/stage.hpp"
#include "grader/grading/student_build.hpp"

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

}  // namespace
}  // namespace dslab::grading
