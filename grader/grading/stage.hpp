// Staging a submission for its sandboxed build: a fresh tree made from the grader's own sources
// (runtime, build files, the lab's API), with only the student-owned files copied from the
// submission. Hidden tests, solutions, skeletons, other labs and the grader never enter it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/manifest/lab_manifest.hpp"

namespace dslab::grading {

/// A staged tree ready to configure.
struct StagedTree {
  std::filesystem::path root;         ///< the copy of the grader's sources
  std::filesystem::path student_dir;  ///< root/submission; holds <lab>/<student files>
  std::vector<std::string> missing;   ///< student files the submission lacks
};

/// Stages `manifest`'s lab from `submission` (a directory with one folder per lab, like
/// solutions/; or the lab's folder itself) into `work` (created; must not exist or be empty).
/// Throws std::runtime_error with a clear message when a path is unusable. Student files that
/// are symlinks or not regular files are treated as missing (a submission cannot point outside
/// itself).
StagedTree stage(const std::filesystem::path& source_root, const manifest::LabManifest& manifest,
                 const std::filesystem::path& submission, const std::filesystem::path& work);

/// The directory of `submission` that holds `lab`'s files: submission/<lab> if it exists,
/// otherwise submission itself when it directly holds a student file.
std::filesystem::path lab_folder(const std::filesystem::path& submission,
                                 const manifest::LabManifest& manifest);

}  // namespace dslab::grading
