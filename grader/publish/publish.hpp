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
  /// OWNER/NAME of the template repository students pull new labs and fixes from (the student
  /// README's `git remote add template`). Required: publish refuses an empty one.
  std::string template_repo;
  /// The graded branch (course.toml [grading] branch), named in the student README.
  std::string branch = "main";
  /// The late policy's course-file name ("on-request" or "latest"), explained in the README.
  std::string late_policy = "on-request";
};

/// The README's sentence for a late policy ("on-request", "latest"). Throws
/// std::invalid_argument for another name.
std::string late_rule_text(const std::string& late_policy);

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

/// Writes the student repository (plan() + the templates' substitutions, lab list and the
/// settings in the README), then runs check_leaks() on it. Throws std::invalid_argument for bad
/// options (empty or malformed template_repo, unknown lab, non-empty `out` without force), std::runtime_error for I/O problems or a template that
/// lost a substitution anchor, LeakError if the check fails. Not thread-safe with respect to
/// `out`.
PublishResult publish(const PublishOptions& options);

/// Renders a leak report for humans: one line per finding, then a verdict line.
std::string render_leaks(const LeakReport& report);

}  // namespace dslab::publish
