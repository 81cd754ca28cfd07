// The publish leak check: proves that no solution, hidden test or bugs-set file, and no
// distinctive line of one, is in a generated student repository.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dslab::publish {

/// One finding of the leak check.
struct Leak {
  std::filesystem::path file;  ///< relative to the checked output directory
  int line = 0;                ///< 1-based; 0 for whole-file findings
  std::string what;            ///< e.g. "line of solutions/lab3-paxos/acceptor.cpp:42"
};

/// Result of a leak check.
struct LeakReport {
  std::vector<Leak> leaks;      ///< empty when the output is clean
  size_t files_checked = 0;     ///< regular files of the output scanned
  size_t secret_lines = 0;      ///< distinctive secret lines searched for
  bool clean() const { return leaks.empty(); }
};

/// The normal form a line is compared in: leading and trailing whitespace removed, inner runs
/// of whitespace collapsed to one space.
std::string normalize_line(std::string_view line);

/// True if a normalized line has at least 30 non-blank characters (shorter lines, such as
/// `return std::nullopt;` or `}  // namespace lab3`, occur everywhere and prove nothing).
bool long_enough(std::string_view normalized);

/// Checks `output` (a generated student repository) against the course tree `source_root`.
/// A secret file is one under solutions/, labs/*/tests/hidden/ or labs/*/bugs/. A distinctive
/// line is a long-enough normalized line that occurs in a secret file and in no legitimate file
/// (every other source file of the course tree: runtime, labs minus secrets, skeletons, grader,
/// ci, docs). Findings: an output path in a secret area; an output file byte-identical to a
/// secret file but to no legitimate file; an output line equal to a distinctive line.
/// Binary files (holding a NUL byte) are compared whole only. .git/ of the output is skipped.
/// Throws std::runtime_error if either directory is missing.
LeakReport check_leaks(const std::filesystem::path& source_root, const std::filesystem::path& output);

}  // namespace dslab::publish
