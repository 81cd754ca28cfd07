// What the student repository holds: the copy plan from the course tree, and the secret areas.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dslab::publish {

/// One file of the student repository.
struct PlannedFile {
  std::filesystem::path source;  ///< absolute path in the course tree
  std::filesystem::path dest;    ///< path relative to the student repository root
  /// Text substitutions applied while copying ({from, to}); each `from` must occur, else the
  /// publish fails (a template or build file changed shape and the rule must be revisited).
  std::vector<std::pair<std::string, std::string>> substitutions;
};

/// The labs `which` names under source_root/labs: "all" (every lab with a lab.toml and a
/// skeletons/<lab> folder, sorted) or a comma list. Throws std::invalid_argument naming an
/// unknown lab or a lab without skeleton.
std::vector<std::string> select_labs(const std::filesystem::path& source_root, const std::string& which);

/// The whole copy plan for `labs` (see README.md for the rules). Pure: reads directories only.
/// Throws std::runtime_error if a required part of the course tree is missing.
std::vector<PlannedFile> plan(const std::filesystem::path& source_root, const std::vector<std::string>& labs);

/// True for course-tree paths (relative to the root) that must never reach students:
/// solutions/**, labs/*/tests/hidden/**, labs/*/bugs/**.
bool is_secret(const std::filesystem::path& rel);

/// True for course-tree paths that are not sources at all (build trees, .git, caches).
bool is_ignored(const std::filesystem::path& rel);

/// The folder of the student repository that holds the student's files (one folder per lab);
/// the student presets set DSLAB_STUDENT_SOURCE to it.
inline constexpr const char* kStudentFolder = "student";

}  // namespace dslab::publish
