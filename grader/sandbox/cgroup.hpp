// grader/sandbox/cgroup.hpp: a control group that bounds a whole sandboxed run (all its
// processes together) in memory and process count, where the machine lets us create one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "grader/sandbox/cleanup.hpp"

namespace dslab::sandbox {

/// Limits of one group. 0 means "no limit" for that resource.
struct GroupLimits {
  std::uint64_t memory_bytes = 0;   ///< memory (RSS + page cache) of all processes together
  std::uint64_t max_processes = 0;  ///< tasks (processes and threads) alive at once
};

/// What the group's processes used, read after the run.
struct GroupUsage {
  std::uint64_t peak_memory_bytes = 0;  ///< highest memory use seen (0 where the kernel lacks it)
  bool memory_limit_hit = false;        ///< the kernel's OOM killer ended a process of the group
  bool process_limit_hit = false;       ///< a fork/clone failed because of max_processes
};

/// A fresh cgroup (v2 when the unified hierarchy at /sys/fs/cgroup offers memory and pids;
/// otherwise the v1 memory and pids hierarchies), named dslab-<pid>-<n> under the cgroup this
/// process is in. A process joins it by writing "0" to each of procs_fds() (see
/// ipc::SpawnOptions::join_cgroup_fds): done between fork and exec, every descendant is in
/// the group from its first instruction. The destructor kills whatever is still in the group
/// and removes it. Not thread-safe (one owner); distinct objects may be used concurrently.
class Cgroup {
 public:
  /// Creates the group and writes its limits. Returns nullptr and sets `*why_not` (when given)
  /// if this machine does not let us (no cgroup fs, no permission, controllers missing).
  static std::unique_ptr<Cgroup> create(const GroupLimits& limits, std::string* why_not = nullptr);

  Cgroup(const Cgroup&) = delete;
  Cgroup& operator=(const Cgroup&) = delete;
  ~Cgroup();

  /// Write-only descriptors of the group's cgroup.procs files (one per hierarchy), CLOEXEC.
  const std::vector<int>& procs_fds() const { return procs_fds_; }
  /// The group's directories (one per hierarchy), for logs and tests.
  const std::vector<std::filesystem::path>& dirs() const { return dirs_; }
  /// "cgroup v2" or "cgroup v1".
  std::string version() const { return v2_ ? "cgroup v2" : "cgroup v1"; }

  /// Reads the usage counters (cheap; call after the run, or during it).
  GroupUsage usage() const;
  /// Pids currently in the group.
  std::vector<int> pids() const;
  /// SIGKILLs every process in the group (repeated until it is empty or ~2 s passed).
  void kill_all() const;

  /// Kills the processes of, and removes, the groups dslab-<pid>-* of graders that no longer
  /// run (one killed by SIGKILL cannot clean up): every create() does it for its parent; a
  /// grader calls it once at start too. Returns the groups removed.
  static std::vector<std::filesystem::path> sweep_stale();

 private:
  Cgroup(bool v2, std::vector<std::filesystem::path> dirs);

  bool v2_;
  std::vector<std::filesystem::path> dirs_;  ///< v2: {group}; v1: {memory group, pids group}
  std::vector<int> procs_fds_;
  std::vector<cleanup::Registration> registrations_;  ///< killed and removed on SIGTERM
};

/// Why a run whose group reported `usage` was stopped by the sandbox ("the processes together
/// used more than 3072 MiB of memory (a process was killed)", "... more than 256 tasks ..."), or
/// "" when no group limit was hit. `what` names the run ("the build", "the test's processes").
std::string violation(const GroupUsage& usage, const GroupLimits& limits, const std::string& what);

/// One line for reports: "" when no group was used, else e.g. "cgroup v1 (memory 2 GiB,
/// 512 tasks)".
std::string describe(const Cgroup& group, const GroupLimits& limits);

}  // namespace dslab::sandbox
