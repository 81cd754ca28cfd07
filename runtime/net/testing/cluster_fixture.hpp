// Trusted test support for real-network tests of a lab (labs/<lab>/tests/real): a scratch
// folder, a one-screen description of the cluster for failure
// messages, and the check that no started process outlived the cluster.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "runtime/net/local_cluster.hpp"

namespace dslab::net::testing {

/// A folder under the system's temp directory named `<prefix>-<pid>`, emptied when made and
/// removed when destroyed. Not copyable.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// For failure messages: per node "n<id> <state(id)>" and the tail of its log, then the node
/// processes that exited on their own.
inline std::string describe(const LocalCluster& cluster,
                            const std::function<std::string(NodeId)>& state) {
  std::string out;
  for (NodeId id : cluster.ids()) {
    out += "n" + std::to_string(id) + " " + state(id) + "; log tail:\n" + cluster.log_tail(id, 8);
  }
  for (const auto& exit : cluster.unexpected_exits()) out += exit + "\n";
  return out;
}

/// Fails the test for each pid in `pids` that still exists (call after the cluster is gone).
inline void expect_all_gone(const std::vector<pid_t>& pids) {
  for (pid_t pid : pids) {
    EXPECT_TRUE(::kill(pid, 0) != 0 && errno == ESRCH) << "pid " << pid << " still exists";
  }
}

}  // namespace dslab::net::testing
