// runtime/ipc/child.hpp: spawning and supervising one untrusted child process (own process group).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ipc/output_capture.hpp"
#include "runtime/ipc/result.hpp"

namespace dslab::ipc {

/// How a child process ended.
struct ExitStatus {
  bool signaled = false;  ///< killed by a signal (else exited normally)
  int value = 0;          ///< exit code, or signal number when `signaled`

  /// True for a normal exit with code 0.
  bool success() const { return !signaled && value == 0; }
  /// "exited with code 3", "killed by SIGSEGV (segmentation fault)", "killed by SIGKILL"; an
  /// exit code 128+N (how a shell or the sandbox launcher reports signal N) reads
  /// "killed by SIGXFSZ (file size limit) (reported as exit code 153)".
  std::string describe() const;
};

/// "SIGXFSZ (file size limit)", "SIGKILL", "SIGUSR1", "signal 77": a signal by name, with what
/// it usually means for a test run.
std::string signal_name(int signal);

/// What to run and how.
struct SpawnOptions {
  /// The program and its arguments; argv[0] is a path, or a name searched in PATH.
  std::vector<std::string> argv;
  /// Prepended to argv, e.g. {"bwrap", "--unshare-all", ..., "--"}; may be empty.
  std::vector<std::string> launcher;
  /// Fds passed to the child as 3, 4, ... in this order. Every other fd except 0-2 is closed
  /// in the child (stdin is /dev/null; stdout and stderr go to the capture pipe).
  std::vector<int> inherit_fds;
  /// "NAME=value" entries added to (or replacing in) this process's environment.
  std::vector<std::string> extra_env;
  /// Bytes of stdout+stderr kept; the rest is counted and discarded.
  std::size_t output_limit = std::size_t{64} << 10;
  /// PR_SET_PDEATHSIG(SIGKILL): the child dies if the spawning *thread* exits, so spawn from a
  /// thread that outlives the child (or set false and rely on the launcher).
  bool die_with_parent = true;
  /// Write-only descriptors of cgroup.procs files: between fork and exec the child writes "0"
  /// to each, joining those control groups, so the program and every process it starts are
  /// in them from the start (see sandbox::Cgroup). A failed write fails the spawn.
  std::vector<int> join_cgroup_fds;
};

/// A running (or finished) child in its own process group, with its output drained by a
/// thread. On kill() or destruction the whole group gets SIGKILL and the child is reaped; once
/// the child itself has exited, anything left in its group is killed too.
/// Thread-safe.
class Child {
 public:
  /// Starts the child. Throws std::invalid_argument for an empty argv, std::runtime_error if
  /// the program cannot be found or executed ("ipc: cannot execute 'x': No such file..."),
  /// std::system_error if a system call fails.
  static std::unique_ptr<Child> spawn(const SpawnOptions& options);

  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  /// kill(), then stops the output thread.
  ~Child();

  pid_t pid() const { return pid_; }

  /// Non-blocking: the exit status if the child has exited (reaping it), else nullopt.
  std::optional<ExitStatus> poll();

  /// Waits for the child to exit until `deadline`; nullopt if it is still running then.
  std::optional<ExitStatus> wait_until(Deadline deadline);

  /// SIGKILLs the process group and reaps the child. Idempotent. Returns the exit status.
  ExitStatus kill();

  /// A copy of the output captured so far. Once poll(), wait_until() or kill() has returned the
  /// child's exit status, it holds everything the child itself wrote (up to the limit).
  CapturedOutput output() const { return capture_->snapshot(); }

  /// Waits until every writer of the output pipe is gone (or the deadline). True on EOF.
  bool wait_output_closed(Deadline deadline) const { return capture_->wait_closed(deadline); }

  /// Blocks until `ready(output so far)` holds (checked after every read of the pipe) or the
  /// deadline passes. Returns whether it held.
  bool wait_output(const std::function<bool(const CapturedOutput&)>& ready, Deadline deadline) const {
    return capture_->wait_until(ready, deadline);
  }

 private:
  Child(pid_t pid, int pidfd, std::unique_ptr<OutputCapture> capture);
  /// With mutex_ held: reaps the child if it has exited (killing its group first).
  std::optional<ExitStatus> reap_locked(bool block);

  pid_t pid_;
  int pidfd_;
  std::unique_ptr<OutputCapture> capture_;
  std::mutex mutex_;
  std::optional<ExitStatus> status_;
};

/// Blocks until process `pid` (any process, not only a child of ours) has terminated, or the
/// deadline passes: a pidfd poll, no busy waiting. A zombie counts as terminated; so does a pid
/// that no longer exists. Returns true when the process is gone. Throws std::system_error if
/// pidfds are unavailable (Linux < 5.3).
bool wait_process_gone(pid_t pid, Deadline deadline);

}  // namespace dslab::ipc
