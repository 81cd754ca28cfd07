// runtime/ipc/session.hpp: a Channel wired to the Child process that serves it.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "runtime/ipc/channel.hpp"
#include "runtime/ipc/child.hpp"

namespace dslab::ipc {

/// How to start a session: the child program, an optional launcher prefix (the sandbox), and
/// the channel and capture settings.
struct SessionOptions {
  std::vector<std::string> argv;      ///< the child program and its arguments
  std::vector<std::string> launcher;  ///< e.g. {"bwrap", ..., "--"}; empty for none
  std::vector<std::string> extra_env; ///< "NAME=value" entries for the child
  Channel::Options channel;
  std::size_t output_limit = std::size_t{64} << 10;
  bool die_with_parent = true;  ///< see SpawnOptions::die_with_parent
};

/// The parent's handle on a node-host style child: creates the channel, starts the child with
/// the region as fd 3 and DSLAB_IPC_FD=3 in its environment, and makes call() report the
/// child's death as ChildExited with its exit code or signal.
/// Destruction closes the channel and kills the child's process group. Not thread-safe.
class Session {
 public:
  /// Throws what Channel and Child::spawn throw.
  static std::unique_ptr<Session> start(const SessionOptions& options);

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() = default;

  /// See Channel::call.
  Result call(std::span<const std::byte> request, Deadline deadline) {
    return channel_.call(request, deadline);
  }

  /// Closes the channel and waits until `deadline` for the child to exit on its own, then
  /// kills its group. Returns how it ended.
  ExitStatus shutdown(Deadline deadline);

  Channel& channel() { return channel_; }
  Child& child() { return *child_; }

 private:
  Session(Channel channel, std::unique_ptr<Child> child);

  Channel channel_;
  std::unique_ptr<Child> child_;  // declared after channel_: killed before the region goes away
};

}  // namespace dslab::ipc
