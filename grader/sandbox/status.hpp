// The one-line report dslab-limit writes to its status fd, and its parser (shared by both ends).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dslab::sandbox {

/// What the supervisor inside the sandbox saw. Either `error` is set (the sandbox could not be
/// set up or the program not started), or the program ran and the other fields describe it.
struct LimitStatus {
  std::string error;            ///< non-empty: setup failure, the program did not run
  int exit_code = -1;           ///< exit status if the main process exited, else -1
  int signal = 0;               ///< terminating signal of the main process, else 0
  bool timed_out = false;       ///< the supervisor's wall-clock limit fired
  std::uint64_t cpu_us = 0;     ///< user+system CPU of every process of the tree
  std::uint64_t max_rss_kb = 0; ///< largest resident set of any process of the tree
};

/// One line, newline-terminated, e.g. "exit=0 signal=0 timed_out=0 cpu_us=12 max_rss_kb=900".
std::string format_status(const LimitStatus& status);

/// Parses format_status() output; std::nullopt if `line` is not a well-formed status line.
std::optional<LimitStatus> parse_status(std::string_view line);

}  // namespace dslab::sandbox
