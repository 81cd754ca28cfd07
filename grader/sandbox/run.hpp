// Run one program to completion inside the sandbox and collect what happened.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/sandbox/cgroup.hpp"
#include "grader/sandbox/policy.hpp"

namespace dslab::sandbox {

/// Everything run() observed. Exactly one of these describes the end: sandbox_error (the
/// program never ran), timed_out (wall limit), signal != 0 (killed, e.g. SIGXCPU, SIGKILL,
/// SIGXFSZ, SIGSEGV), or exit_code.
struct RunResult {
  std::optional<int> exit_code;  ///< set iff the main process exited normally
  int signal = 0;                ///< terminating signal of the main process, 0 if none
  std::string signal_name;       ///< "SIGKILL", ... ("" if signal == 0)
  bool timed_out = false;        ///< the wall-clock limit fired; the whole tree was killed
  std::string stdout_data;       ///< first max_output_bytes of stdout
  std::string stderr_data;       ///< first max_output_bytes of stderr
  std::uint64_t stdout_bytes = 0;  ///< total bytes the program wrote to stdout
  std::uint64_t stderr_bytes = 0;  ///< total bytes the program wrote to stderr
  bool output_truncated = false;   ///< some output was counted but not kept
  double cpu_seconds = 0;        ///< user+system CPU of the whole tree (reaped processes)
  std::uint64_t max_rss_bytes = 0;  ///< largest resident set among the tree's processes
  double wall_seconds = 0;       ///< elapsed wall time of the whole run
  std::string isolation;         ///< level reached, e.g. "bwrap+uid 65534+rlimits"
  std::string sandbox_error;     ///< non-empty: the sandbox failed; not the program's fault
  std::string group;             ///< the control group used, e.g. "cgroup v1 (memory 2048 MiB)"; "" if none
  std::string group_version;     ///< "cgroup v1" / "cgroup v2" when a group was used, else ""
  std::string group_error;       ///< why no group was used although the policy asked for one
  GroupUsage group_usage;        ///< the group's counters (all zero without a group)

  /// True iff the program ran and exited with status 0.
  bool succeeded() const { return sandbox_error.empty() && !timed_out && exit_code == 0; }
};

/// Runs `argv` (argv[0]: a path inside the sandbox, or a name looked up in the policy's PATH)
/// under `policy`, feeding `stdin_data` on its stdin, and waits until it ends or its wall limit
/// passes; then every process it started is dead. Thread-safe (forks; the child only calls
/// async-signal-safe functions). Throws std::invalid_argument for a bad policy or empty argv,
/// std::runtime_error when the requested backend is unusable or a pipe/fork fails.
RunResult run(const Policy& policy, const std::vector<std::string>& argv,
              std::string_view stdin_data = {});

/// One line for logs and reports, e.g. "exit 0, cpu 0.01s, wall 0.05s, out 12 B, err 0 B
/// [bwrap+uid 65534+rlimits]" or "killed by SIGXCPU, ...", "timed out, ...", "sandbox error: ...".
std::string describe(const RunResult& result);

/// "SIGKILL" for SIGKILL, "SIG42" for a number without a name.
std::string signal_name(int signal);

}  // namespace dslab::sandbox
