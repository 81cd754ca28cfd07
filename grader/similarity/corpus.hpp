// The inputs of the similarity check: submissions (current and archived) read under the grader's
// staging rules, and the base (skeleton, public API, anything else given) whose code everybody
// may share.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "grader/grading/stage.hpp"
#include "grader/manifest/lab_manifest.hpp"

namespace dslab::similarity {

/// One file of a submission or of the base.
struct SourceFile {
  std::string name;  ///< relative to the submission's lab folder (or the base path given)
  std::string text;  ///< its bytes, unchanged
};

/// One submission as compared.
struct Submission {
  std::string name;           ///< the folder's name ("archive/<name>" for an archived one)
  std::filesystem::path dir;  ///< the folder given
  bool archived = false;      ///< from --archive: compared with current submissions only
  std::vector<SourceFile> files;
  std::vector<std::string> notes;  ///< what was left out and why (a binary file, a missing one)
  /// Why the whole submission was left out (a symlink, an oversized file); empty if compared.
  std::string refused;
};

/// A submission folder that cannot be used at all (it holds none of the lab's files, or it is
/// not a folder): what() says which and what was expected, in one paragraph.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads the student files of `manifest` from `dir` (`dir/<lab>/<files>` or `dir/<files>`, as
/// staging accepts them) under `limits`. A file with a NUL byte is left out with a note. A
/// submission that breaks a staging rule comes back with `refused` set (and no files), so one
/// hostile folder does not stop the check of a class. Throws InputError when `dir` is not a
/// folder or holds none of the lab's student files.
Submission load_submission(const manifest::LabManifest& manifest, const std::filesystem::path& dir,
                           const grading::StageLimits& limits = {});

/// The submissions under an archive folder: every sub-folder is one past submission, loaded as
/// load_submission() does (sorted by name, `archived` set). A sub-folder with none of the lab's
/// files is refused with a note rather than stopping the check. Throws InputError when `dir` is
/// not a folder.
std::vector<Submission> load_archive(const manifest::LabManifest& manifest,
                                     const std::filesystem::path& dir,
                                     const grading::StageLimits& limits = {});

/// The base: the lab's skeleton files (`source_root/skeletons/<lab>`), every file under
/// `source_root/labs/<lab>/api`, the code blocks of the lab's handout
/// (`source_root/labs/<lab>/README.md`), and each of `extra` (a file, or a folder read
/// recursively; a Markdown file contributes its fenced code blocks only). Symbolic links are
/// not followed. Throws InputError naming a path in `extra` that does not exist or cannot be read.
std::vector<SourceFile> load_base(const manifest::LabManifest& manifest,
                                  const std::filesystem::path& source_root,
                                  const std::vector<std::filesystem::path>& extra);

/// The fenced code blocks (``` or ~~~) of a Markdown text, the fence lines blanked so line
/// numbers stay those of the file. Thread-safe.
std::string markdown_code(const std::string& markdown);

}  // namespace dslab::similarity
