// Trusted test helper: run lab1_framing_tool on an input and collect what it printed.
#pragma once

#include <string>
#include <vector>

namespace lab1::tests {

/// What one run of the framing tool produced.
struct ToolRun {
  bool exited = false;  ///< it ended within the time limit
  int exit_code = -1;   ///< meaningful when exited (a signal gives 128 + signo)
  std::string output;   ///< stdout and stderr
  std::string describe() const;
};

/// Runs `lab1_framing_tool <args> --input-fd 3` with `input` on fd 3 (a memfd); 10 s limit.
ToolRun run_framing_tool(const std::string& input, std::vector<std::string> args);

/// Lower-case hex of `bytes`.
std::string hex(const std::string& bytes);

/// The lines "frame <len> <hex>" the tool prints for `payloads`, then "end".
std::string expected_frames(const std::vector<std::string>& payloads);

}  // namespace lab1::tests
