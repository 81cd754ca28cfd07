// Tests of dslab-limit's option parser: flags, mount plans, and the errors it must refuse.
#include "grader/sandbox/limit_options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dslab::sandbox::limit {
namespace {

Options parse(std::vector<std::string> args, std::string& error) {
  args.insert(args.begin(), "dslab-limit");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data(), error);
}

TEST(LimitOptions, AllLimitFlags_AreParsed) {
  std::string error;
  Options o = parse({"--cpu", "2", "--as", "1048576", "--nproc", "64", "--fsize", "10",
                     "--nofile", "32", "--uid", "1000", "--gid", "1001", "--keep-fd", "5",
                     "--status-fd", "9", "--wall-ms", "1500", "--pidns", "--chdir", "/w",
                     "--env", "A=b=c", "--", "prog", "--flag"},
                    error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(o.cpu_seconds, 2U);
  EXPECT_EQ(o.address_space, 1048576U);
  EXPECT_EQ(o.processes, 64U);
  EXPECT_EQ(o.open_files, 32U);
  EXPECT_EQ(*o.uid, 1000U);
  EXPECT_EQ(*o.gid, 1001U);
  EXPECT_EQ(o.keep_fds, std::vector<int>{5});
  EXPECT_EQ(o.status_fd, 9);
  EXPECT_EQ(o.wall_ms, 1500U);
  EXPECT_TRUE(o.pid_namespace);
  EXPECT_EQ(o.env, std::vector<std::string>{"A=b=c"});
  EXPECT_EQ(o.argv, (std::vector<std::string>{"prog", "--flag"}));
}

TEST(LimitOptions, MountFlags_BuildThePlanInOrder) {
  std::string error;
  Options o = parse({"--setup-root", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
                     "--tmpfs", "4096", "/tmp", "--proc", "/proc", "--", "x"},
                    error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(o.mounts.size(), 4U);
  EXPECT_EQ(o.mounts[0].kind, MountOp::Kind::kRoBind);
  EXPECT_EQ(o.mounts[1].source, "usr/lib");
  EXPECT_EQ(o.mounts[2].size, 4096U);
  EXPECT_EQ(o.mounts[3].dest, "/proc");
}

TEST(LimitOptions, BadInput_IsRefusedWithAMessage) {
  const std::vector<std::vector<std::string>> bad = {
      {"--cpu", "ten", "--", "x"},       {"--uid", "0", "--gid", "0", "--", "x"},
      {"--uid", "5", "--", "x"},         {"--bogus", "--", "x"},
      {"--cpu", "1"},                    {"--ro-bind", "/a", "/b", "--", "x"},
      {"--setup-root", "--proc", "relative", "--", "x"},
      {"--env", "=v", "--", "x"},        {"--keep-fd"}};
  for (const auto& args : bad) {
    std::string error;
    parse(args, error);
    EXPECT_FALSE(error.empty()) << "accepted: " << ::testing::PrintToString(args);
  }
}

}  // namespace
}  // namespace dslab::sandbox::limit
