// A trusted test's handle on a program under test run as its own process (a lab's student-built
// program, or a node started on a real network): started under the grader's sandbox launcher
// when there is one, with inherited sockets and captured output, killed when the handle goes.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ipc/child.hpp"

namespace dslab::labkit {

/// The sandbox launcher prefix: the lines of the file named by DSLAB_HOST_LAUNCHER_FILE (one
/// argv element per line), or empty (no sandbox) when unset. Throws std::runtime_error if the
/// file cannot be read.
std::vector<std::string> launcher_prefix();

/// A running program. Its inherited file descriptors are 3, 4, ... in the order given; its
/// stdout and stderr are captured (bounded). Killed (whole process group) on destruction.
/// Thread-safe.
class Program {
 public:
  /// Starts `path` with `args` under launcher_prefix(); `name` is how reports call it.
  /// Throws like dslab::ipc::Child::spawn.
  static std::unique_ptr<Program> start(std::string name, const std::string& path,
                                        std::vector<std::string> args,
                                        std::vector<int> inherit_fds = {},
                                        std::size_t output_limit = std::size_t{1} << 20);

  /// The child's pid (the launcher's when sandboxed).
  int pid() const { return child_->pid(); }
  /// True while the process has not exited.
  bool running();
  /// Waits for the exit until `timeout` has passed; nullopt if it still runs.
  std::optional<ipc::ExitStatus> wait(std::chrono::milliseconds timeout);
  /// Everything captured so far (stdout and stderr interleaved).
  std::string output() const;
  /// Waits (up to `timeout`) for the output pipe to close, then returns the output.
  std::string final_output(std::chrono::milliseconds timeout);
  /// "<name>: running|exited with code 1; output: <last 2000 bytes>", for failure messages.
  std::string describe();

 private:
  Program(std::string name, std::unique_ptr<ipc::Child> child)
      : name_(std::move(name)), child_(std::move(child)) {}

  std::string name_;
  std::unique_ptr<ipc::Child> child_;
};

}  // namespace dslab::labkit
