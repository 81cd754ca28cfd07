// Student handouts from the course's handouts (labs/<lab>/README.md): staff sections dropped,
// student-only text shown, and a check that a published handout names only what the student
// repository has.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace dslab::publish {

/// The student version of a handout. Markers, each alone on its line:
///   `<!-- staff -->` ... `<!-- /staff -->`   course text: dropped (with the markers)
///   `<!-- student` ... `-->`                  student text: shown (markers dropped); in the
///                                             course's own rendering it is an HTML comment
/// Throws std::invalid_argument naming `name` and the line of a nested, unclosed or stray marker.
std::string student_handout(const std::string& text, const std::string& name);

/// One problem of a published handout.
struct HandoutProblem {
  int line = 0;      ///< from 1
  std::string what;  ///< "names labs/lab2-detector/tests/hidden/ (course-only)"
};

/// The problems of the handout `text` published at `handout` (a path relative to `repo`, the
/// student repository): a staff marker left in; a course-only name (solutions/, skeletons/,
/// hidden tests and their binaries, bugs/, the course file, another build tree than
/// build/default); a command line of a code block that runs a bare `dslab` (not on the
/// student's PATH); a repository path (`labs/...`, `student/...`, a relative link) that `repo` lacks; a
/// `build/default/bin/<name>` whose name is not in `binaries`.
std::vector<HandoutProblem> check_handout(const std::string& text,
                                          const std::filesystem::path& handout,
                                          const std::filesystem::path& repo,
                                          const std::set<std::string>& binaries);

/// The programs a student build of `labs` puts in build/default/bin, from the published tree at
/// `repo`: `dslab`; per lab, the binaries of its public tests (lab.toml), and its node host
/// `<prefix>_host`, or for a programs lab one `<prefix>_<stem>` per programs/<stem>_main.cpp.
std::set<std::string> student_binaries(const std::filesystem::path& repo,
                                       const std::vector<std::string>& labs);

}  // namespace dslab::publish
