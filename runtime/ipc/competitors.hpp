// runtime/ipc/competitors.hpp: CPU-bound competitor processes for the "busy" benchmarks, and
// the machine's load as `uptime` reports it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace dslab::ipc {

/// Processes that spin on the CPU for as long as they live, so that a benchmark can measure
/// what the channel does when every core is shared (as on a grading runner). They are bounded
/// three ways: each one kills itself with alarm() after `limit`; each dies with its parent
/// (PR_SET_PDEATHSIG); stop() and the destructor SIGKILL and reap them. They stay in the
/// caller's process group, so a Ctrl-C at the terminal stops them as well. Not thread-safe.
class Competitors {
 public:
  /// Starts `count` spinning processes (0: one per online CPU). Throws std::system_error if
  /// fork() fails (those already started are stopped first).
  Competitors(unsigned count, std::chrono::seconds limit);
  ~Competitors();
  Competitors(const Competitors&) = delete;
  Competitors& operator=(const Competitors&) = delete;

  /// Number of competitors started.
  std::size_t size() const { return pids_.size(); }
  /// Kills and reaps every competitor. Idempotent.
  void stop();

 private:
  std::vector<pid_t> pids_;
};

/// The load averages and run queue of /proc/loadavg, e.g.
/// "load average: 1.81, 0.81, 0.32; runnable now 3/412" (empty if unreadable).
std::string load_line();

}  // namespace dslab::ipc
