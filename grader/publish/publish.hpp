// `dslab publish`: generates the student repository from the course tree and leak-checks it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "grader/publish/leak_check.hpp"

namespace dslab::publish {

/// What to publish and where.
struct PublishOptions {
  std::filesystem::path source_root;  ///< the course tree (labs/, skeletons/, solutions/, ...)
  std::filesystem::path out;  ///< the student repository to write: outside the course tree, or in a build*/ folder of it
  std::string labs = "all";           ///< "all" or a comma list of lab ids
  /// Replace the contents of a non-empty `out` (its .git/ is kept, so a re-publish into a
  /// checkout of the student repository becomes one more commit).
  bool force = false;
  /// OWNER/NAME of the course (grading) repository the student workflow notifies on each push;
  /// empty: the workflow skips that step with a message.
  std::string course_repo;
};

/// What a publish did.
struct PublishResult {
  std::vector<std::string> labs;  ///< the labs published
  size_t files = 0;               ///< files written
  LeakReport leaks;               ///< the leak check of the written tree (clean on success)
};

/// Thrown when the leak check of the generated tree finds anything; the tree is left in place
/// for inspection and must not be pushed.
class LeakError : public std::runtime_error {
 public:
  explicit LeakError(LeakReport report);
  const LeakReport& report() const { return report_; }

 private:
  LeakReport report_;
};

/// Writes the student repository (plan() + the templates' substitutions, lab list in the
/// README), then runs check_leaks() on it. Throws std::invalid_argument for bad options (unknown
/// lab; non-empty `out` without force), std::runtime_error for I/O problems or a template that
/// lost a substitution anchor, LeakError if the check fails. Not thread-safe with respect to
/// `out`.
PublishResult publish(const PublishOptions& options);

/// Renders a leak report for humans: one line per finding, then a verdict line.
std::string render_leaks(const LeakReport& report);

}  // namespace dslab::publish
