// Staging a submission for its sandboxed build: a fresh tree made from the grader's own sources
// (runtime, build files, the lab's API), with only the student-owned files copied from the
// submission. Hidden tests, solutions, skeletons, other labs and the grader never enter it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
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

/// Bounds on what staging copies from a submission (checked on st_size before any byte is
/// copied, so a sparse file is refused by its logical size and never materialized).
struct StageLimits {
  std::uint64_t max_file_bytes = 1ULL << 20;   ///< one student file
  std::uint64_t max_total_bytes = 4ULL << 20;  ///< all student files together
  std::size_t max_entries = 10000;             ///< entries walked under the lab folder
};

/// The submission breaks a staging rule (a symlink, an oversized file, not a regular file).
/// what() names the file and the rule, in words a student understands.
class SubmissionRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Stages `manifest`'s lab from `submission` (a directory with one folder per lab, like
/// solutions/; or the lab's folder itself) into `work` (created; must not exist or be empty).
/// The lab folder and everything under it are opened relative to directory descriptors with
/// O_NOFOLLOW: a symbolic link anywhere under it (the lab folder itself included), a student
/// file that is not a regular file, or sizes beyond `limits` throw SubmissionRefused. Throws
/// std::runtime_error with a clear message when a grader path is unusable.
StagedTree stage(const std::filesystem::path& source_root, const manifest::LabManifest& manifest,
                 const std::filesystem::path& submission, const std::filesystem::path& work,
                 const StageLimits& limits = {});

/// One student file's bytes, as read_student_files() read them.
struct StudentFile {
  std::string name;     ///< as the manifest lists it
  std::string content;  ///< every byte, at most StageLimits::max_file_bytes
};

/// The student files of a submission, read (not copied) under the rules of stage().
struct StudentFiles {
  std::filesystem::path lab_dir;     ///< where they were read from (see lab_folder())
  std::vector<StudentFile> files;    ///< in manifest order; only the files present
  std::vector<std::string> missing;  ///< student files the submission lacks
};

/// Reads `manifest`'s student files from `submission` with exactly the checks stage() makes (a
/// symlink anywhere under the lab folder, a non-regular or unreadable student file, or sizes
/// beyond `limits` throw SubmissionRefused), for tools that look at submissions without building
/// them (the similarity check). Throws std::runtime_error when `submission` is not a directory.
StudentFiles read_student_files(const manifest::LabManifest& manifest,
                                const std::filesystem::path& submission,
                                const StageLimits& limits = {});

/// The directory of `submission` that holds `lab`'s files: submission/<lab> if it exists (as a
/// directory or as a symlink, which stage() then refuses), otherwise submission itself when it
/// directly holds a student file.
std::filesystem::path lab_folder(const std::filesystem::path& submission,
                                 const manifest::LabManifest& manifest);

}  // namespace dslab::grading
