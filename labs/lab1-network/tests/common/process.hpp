// Trusted test helper: start a lab-1 program as its own (optionally sandboxed) process.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/ipc/child.hpp"

namespace lab1::tests {

/// Where a program lives: `$DSLAB_LAB1_PROGRAMS/<name>` when that variable is set (the grader
/// points it at the programs as seen inside its sandbox), else the path in this build tree.
/// Throws std::invalid_argument for an unknown name.
std::string program_path(std::string_view name);

/// The sandbox launcher prefix: the lines of the file named by DSLAB_HOST_LAUNCHER_FILE (one
/// argv element per line), or empty (no sandbox) when unset. Throws std::runtime_error if the
/// file cannot be read.
std::vector<std::string> launcher_prefix();

/// A running lab program. Its inherited sockets are fds 3, 4, ... in the order given; its
/// stdout and stderr are captured (bounded). Killed (whole process group) on destruction.
/// Thread-safe.
class Program {
 public:
  /// Starts `name` (see program_path) with `args`. Throws like dslab::ipc::Child::spawn.
  static std::unique_ptr<Program> start(std::string_view name, std::vector<std::string> args,
                                        std::vector<int> inherit_fds = {},
                                        std::size_t output_limit = std::size_t{1} << 20);

  /// The child's pid (the launcher's when sandboxed).
  int pid() const { return child_->pid(); }
  /// True while the process has not exited.
  bool running();
  /// Waits for the exit until `timeout` has passed; nullopt if it still runs.
  std::optional<dslab::ipc::ExitStatus> wait(std::chrono::milliseconds timeout);
  /// Everything captured so far (stdout and stderr interleaved).
  std::string output() const;
  /// Waits (up to `timeout`) for the output pipe to close, then returns the output.
  std::string final_output(std::chrono::milliseconds timeout);
  /// "<name>: running|exited with code 1; output: <last 2000 bytes>", for failure messages.
  std::string describe();

 private:
  Program(std::string name, std::unique_ptr<dslab::ipc::Child> child)
      : name_(std::move(name)), child_(std::move(child)) {}

  std::string name_;
  std::unique_ptr<dslab::ipc::Child> child_;
};

}  // namespace lab1::tests
