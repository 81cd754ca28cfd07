// Building a lab's programs from a student's files, for the verbs that run a submission
// (replay, cluster; exam through sandboxed_build.hpp): what to build, and the plain CMake build
// in a tree of its own.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dslab::cli {

/// Runs a command (no shell) with its output on ours; its exit status (127: not started).
int run_command(const std::vector<std::string>& argv);

/// What to build.
struct SubmissionBuild {
  std::string verb;                  ///< "replay": names the build tree and the messages
  std::filesystem::path source;      ///< the course sources (labs/, runtime/)
  std::filesystem::path build_root;  ///< the course build; trees go under <build_root>/<verb>/<lab>
  std::string lab;
  std::filesystem::path submission;  ///< one folder per lab (a student checkout's student/)
  std::string target;                ///< the CMake target to build
  std::string build_type;            ///< CMAKE_BUILD_TYPE of a fresh tree ("" = CMake's default)
  /// Further labs of the same submission the target is built from (lab 5's node program runs
  /// the student's lab 4 under the bank).
  std::vector<std::string> with_labs = {};
};

/// Configures (once) and builds `b.target` against the submission in <build_root>/<verb>/<lab>,
/// unsandboxed. Returns that tree's bin/ folder, or an empty path after printing why not.
std::filesystem::path build_on_submission(const SubmissionBuild& b);

}  // namespace dslab::cli
