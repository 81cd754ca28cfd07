// Tests of Policy validation: every bad input gets a clear std::invalid_argument.
#include "grader/sandbox/policy.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

namespace dslab::sandbox {
namespace {

void expect_rejected(const Policy& p, const std::string& needle) {
  try {
    validate(p);
    ADD_FAILURE() << "accepted a policy that should mention: " << needle;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(Policy, Defaults_AreValid) { EXPECT_NO_THROW(validate(Policy{})); }

TEST(Policy, BadFields_AreRejectedByName) {
  Policy p;
  p.cwd = "relative/dir";
  expect_rejected(p, "cwd");
  p = Policy{};
  p.ro_binds = {{"/definitely/not/here", "/x"}};
  expect_rejected(p, "does not exist");
  p = Policy{};
  p.rw_binds = {{"/usr", "relative"}};
  expect_rejected(p, "absolute");
  p = Policy{};
  p.ro_binds = {{"/usr", "/"}};
  expect_rejected(p, "root");
  p = Policy{};
  p.env = {{"A=B", "c"}};
  expect_rejected(p, "environment");
  p = Policy{};
  p.memory_bytes = 1024;
  expect_rejected(p, "memory_bytes");
  p = Policy{};
  p.uid = 0;
  expect_rejected(p, "uid");
  p = Policy{};
  p.wall = std::chrono::milliseconds(0);
  expect_rejected(p, "wall");
}

TEST(Policy, KeepFds_MustBeOpenAndBelowTheOpenFileLimit) {
  Policy p;
  p.keep_fds = {1};
  expect_rejected(p, "stdio");
  int fd = fcntl(0, F_DUPFD, 20);
  ASSERT_GE(fd, 20);
  p.keep_fds = {fd};
  EXPECT_NO_THROW(validate(p));
  p.max_open_files = 16;
  expect_rejected(p, "max_open_files");
  close(fd);
  p.max_open_files = 256;
  expect_rejected(p, "not open");
}

TEST(Policy, BackendNames_AreStable) {
  EXPECT_EQ(to_string(Backend::kAuto), "auto");
  EXPECT_EQ(to_string(Backend::kBwrap), "bwrap");
  EXPECT_EQ(to_string(Backend::kUnshare), "unshare");
  EXPECT_EQ(to_string(Backend::kNone), "none");
}

}  // namespace
}  // namespace dslab::sandbox
