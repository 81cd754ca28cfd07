// Tests of Program: a started process's exit status and captured output, the launcher prefix.
#include "runtime/testing/program.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace dslab::labkit {
namespace {

TEST(Program, ExitStatusAndOutputAreCaptured) {
  ::unsetenv("DSLAB_HOST_LAUNCHER_FILE");
  auto p = Program::start("sh", "/bin/sh", {"-c", "echo hello; exit 3"});
  const auto status = p->wait(std::chrono::milliseconds(10000));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->value, 3);
  EXPECT_EQ(p->final_output(std::chrono::milliseconds(2000)), "hello\n");
  EXPECT_NE(p->describe().find("sh: "), std::string::npos) << p->describe();
}

TEST(Program, LauncherPrefixIsReadOneArgumentPerLine) {
  const std::string file = ::testing::TempDir() + "/launcher.txt";
  {
    std::ofstream out(file);
    out << "/usr/bin/env\n\nA=1\n";
  }
  ::setenv("DSLAB_HOST_LAUNCHER_FILE", file.c_str(), 1);
  EXPECT_EQ(launcher_prefix(), (std::vector<std::string>{"/usr/bin/env", "A=1"}));
  auto p = Program::start("sh", "/bin/sh", {"-c", "echo $A"});
  ASSERT_TRUE(p->wait(std::chrono::milliseconds(10000)).has_value());
  EXPECT_EQ(p->final_output(std::chrono::milliseconds(2000)), "1\n");
  ::setenv("DSLAB_HOST_LAUNCHER_FILE", (file + ".missing").c_str(), 1);
  EXPECT_THROW(launcher_prefix(), std::runtime_error);
  ::unsetenv("DSLAB_HOST_LAUNCHER_FILE");
}

}  // namespace
}  // namespace dslab::labkit
