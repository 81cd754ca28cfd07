// runtime/ipc/output_capture.hpp: drains a child's stdout/stderr pipe, keeping a bounded prefix.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <sys/types.h>

#include "runtime/ipc/result.hpp"

namespace dslab::ipc {

/// What a child printed: the first `limit` bytes, and how many bytes it printed in all.
struct CapturedOutput {
  std::string kept;               ///< the first bytes, at most the configured limit
  std::uint64_t total_bytes = 0;  ///< everything read from the pipe, kept or not
  bool closed = false;            ///< every writer closed the pipe (EOF seen)

  /// True when bytes were discarded.
  bool truncated() const { return total_bytes > kept.size(); }
};

/// A thread that reads a pipe until EOF (or stop()), so a child that floods its output never
/// blocks on a full pipe and never makes the parent's memory grow beyond `limit`.
/// Thread-safe.
class OutputCapture {
 public:
  /// Takes ownership of `read_fd` (made non-blocking) and starts draining it.
  /// Throws std::system_error if the stop event cannot be created.
  OutputCapture(int read_fd, std::size_t limit);
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;
  /// stop() and close the fds.
  ~OutputCapture();

  /// A copy of what was captured so far.
  CapturedOutput snapshot() const;

  /// Waits until EOF (every writer closed the pipe) or `deadline`. Returns true on EOF.
  bool wait_closed(Deadline deadline) const;

  /// Blocks until `ready(output so far)` holds or `deadline` passes; re-evaluated after every
  /// read from the pipe and at EOF (no polling). Returns whether `ready` held.
  bool wait_until(const std::function<bool(const CapturedOutput&)>& ready, Deadline deadline) const;

  /// Reads, in the caller's thread, whatever is in the pipe right now (in order with the drain
  /// thread's reads). Called once the writer has exited, it makes snapshot() hold everything
  /// that writer wrote, without waiting for the drain thread to be scheduled.
  void drain_now();

  /// Reads whatever is already in the pipe, then stops the thread (even if a stray
  /// grandchild still holds the write end). Idempotent.
  void stop();

 private:
  void run();
  /// Reads until the pipe is empty; returns false on EOF or error.
  bool drain_available();
  /// One read of the pipe (with read_mutex_ held), appended to the output: >0 bytes, 0 EOF, <0.
  ssize_t read_once();

  int fd_;
  int stop_fd_;
  std::size_t limit_;
  std::mutex read_mutex_;  ///< one reader of fd_ at a time, so chunks are appended in order
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_cv_;  ///< notified after every read and at EOF
  CapturedOutput output_;
  std::thread thread_;
};

}  // namespace dslab::ipc
