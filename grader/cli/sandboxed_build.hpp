// The grader's sandboxed build of a submission for the verbs that examine one (exam): staging
// and a confined compile, as `dslab grade` does. Instructor side only (not in the student CLI).
#pragma once

#include <filesystem>
#include <memory>

#include "grader/cli/submission_build.hpp"

namespace dslab::cli {

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
