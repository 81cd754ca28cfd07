// Building a lab's programs from a student's files, for the verbs that run a submission
// (replay, cluster, exam): a plain CMake build in a tree of its own, or the grader's sandboxed
// build (staging + confined compile, as `dslab grade` does).
#pragma once

#include <filesystem>
#include <memory>
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
};

/// Configures (once) and builds `b.target` against the submission in <build_root>/<verb>/<lab>,
/// unsandboxed. Returns that tree's bin/ folder, or an empty path after printing why not.
std::filesystem::path build_on_submission(const SubmissionBuild& b);

/// The programs of a submission built in the grader's sandbox; the staging folder is removed
/// when this is destroyed (and by the grader's stop handlers).
class SandboxedPrograms {
 public:
  virtual ~SandboxedPrograms() = default;
  /// The folder holding the lab's programs (its node host).
  virtual const std::filesystem::path& bin_dir() const = 0;
};

/// Stages the submission's student files of `b.lab` and builds `<lab>_programs` in the sandbox
/// (grader/grading: stage(), build_programs()), linking the prebuilt runtime of `b.build_root`.
/// Returns nullptr after printing why (missing files, refused submission, compiler errors).
std::unique_ptr<SandboxedPrograms> build_in_sandbox(const SubmissionBuild& b);

}  // namespace dslab::cli
