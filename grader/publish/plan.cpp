// The copy plan of the student repository (see plan.hpp and README.md for the rules).
#include "grader/publish/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "grader/manifest/lab_manifest.hpp"

namespace dslab::publish {
namespace fs = std::filesystem;
namespace {

// Grader folders a student needs for `dslab test`, `dslab replay` and a local `dslab grade`.
// ledger/ is there because the grade and ledger verbs link it (the cli compiles every verb).
const std::vector<std::string> kGraderParts = {"cli", "manifest", "report", "grading", "sandbox", "ledger"};
// Verbs that need instructor material (solutions, hidden tests, rosters); never published.
const std::set<std::string> kInstructorVerbs = {"verb_publish.cpp", "verb_exam.cpp", "verb_similarity.cpp"};
// Folder names dropped anywhere below a published folder.
const std::set<std::string> kDroppedDirs = {"hidden", "bugs", "exam", "hostile", "solutions", ".git"};

std::string first_component(const fs::path& rel) { return rel.empty() ? "" : rel.begin()->string(); }

// Every regular file under `from` (recursively), minus dropped folders and `skip_file` hits.
void add_tree(std::vector<PlannedFile>& out, const fs::path& from, const fs::path& dest,
              const std::set<std::string>& skip_files = {}) {
  if (!fs::is_directory(from)) throw std::runtime_error(fmt::format("missing folder {}", from.string()));
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (kDroppedDirs.count(name) != 0U || name.rfind("build", 0) == 0 ||
                               name == "__pycache__")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || skip_files.count(name) != 0U) continue;
    out.push_back({it->path(), dest / fs::relative(it->path(), from), {}});
  }
}

void add_file(std::vector<PlannedFile>& out, const fs::path& root, const fs::path& rel,
              const fs::path& dest, std::vector<std::pair<std::string, std::string>> subs = {}) {
  if (!fs::is_regular_file(root / rel)) throw std::runtime_error(fmt::format("missing file {}", (root / rel).string()));
  out.push_back({root / rel, dest, std::move(subs)});
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = std::min(s.find(',', start), s.size());
    if (comma > start) parts.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

}  // namespace

bool is_ignored(const fs::path& rel) {
  const std::string first = first_component(rel);
  if (first.rfind("build", 0) == 0 || first == ".git" || first == ".cache") return true;
  return std::any_of(rel.begin(), rel.end(), [](const fs::path& p) { return p == "__pycache__"; });
}

bool is_secret(const fs::path& rel) {
  std::vector<std::string> parts;
  for (const auto& p : rel) parts.push_back(p.string());
  if (!parts.empty() && parts[0] == "solutions") return true;
  if (parts.size() >= 3 && parts[0] == "labs") {
    if (parts[2] == "bugs") return true;
    if (parts.size() >= 4 && parts[2] == "tests" && parts[3] == "hidden") return true;
  }
  return false;
}

std::vector<std::string> select_labs(const fs::path& source_root, const std::string& which) {
  std::vector<std::string> labs;
  if (which == "all") {
    for (const auto& e : fs::directory_iterator(source_root / "labs")) {
      const std::string id = e.path().filename().string();
      if (e.is_directory() && fs::exists(e.path() / "lab.toml") && fs::is_directory(source_root / "skeletons" / id)) {
        labs.push_back(id);
      }
    }
    std::sort(labs.begin(), labs.end());
    if (labs.empty()) throw std::invalid_argument("no lab with a lab.toml and a skeleton under labs/");
    return labs;
  }
  for (const auto& id : split(which)) {
    if (id.find('/') != std::string::npos || id == "." || id == ".." ||
        !fs::exists(source_root / "labs" / id / "lab.toml")) {
      throw std::invalid_argument("--labs: " + manifest::unknown_lab(source_root / "labs", id));
    }
    if (!fs::is_directory(source_root / "skeletons" / id)) {
      throw std::invalid_argument(fmt::format("--labs: lab '{}' has no skeletons/{} folder", id, id));
    }
    if (std::find(labs.begin(), labs.end(), id) == labs.end()) labs.push_back(id);
  }
  if (labs.empty()) throw std::invalid_argument("--labs: empty list");
  return labs;
}

std::vector<PlannedFile> plan(const fs::path& root, const std::vector<std::string>& labs) {
  std::vector<PlannedFile> out;
  // The student build finds its own files by default and never builds hidden tests.
  add_file(out, root, "CMakeLists.txt", "CMakeLists.txt",
           {{"set(DSLAB_STUDENT_SOURCE \"solutions\"", "set(DSLAB_STUDENT_SOURCE \"student\""},
            {"option(DSLAB_BUILD_HIDDEN_TESTS \"Build the hidden tests of each lab (grader side only)\" ON)",
             "option(DSLAB_BUILD_HIDDEN_TESTS \"Build the hidden tests of each lab (grader side only)\" OFF)"},
            {"option(DSLAB_COURSE_TESTS \"Build the course's own tests and benchmarks (runtime, grader)\" ON)",
             "option(DSLAB_COURSE_TESTS \"Build the course's own tests and benchmarks (runtime, grader)\" OFF)"},
            {"option(DSLAB_STUDENT_CLI \"dslab with the student's verbs only (test, replay)\" OFF)",
             "option(DSLAB_STUDENT_CLI \"dslab with the student's verbs only (test, replay)\" ON)"}});
  add_file(out, root, "ci/templates/CMakePresets.json", "CMakePresets.json");
  add_file(out, root, "ci/templates/README.md", "README.md");
  add_file(out, root, "ci/templates/gitignore", ".gitignore");
  add_file(out, root, "ci/templates/dslab-student.yml", ".github/workflows/dslab.yml");
  add_file(out, root, "ci/setup", "ci/setup");
  for (const char* f : {".clang-format", ".clang-tidy"}) {
    if (fs::exists(root / f)) add_file(out, root, f, f);
  }
  add_tree(out, root / "cmake", "cmake");
  add_tree(out, root / "runtime", "runtime");
  add_file(out, root, "labs/CMakeLists.txt", "labs/CMakeLists.txt");
  for (const auto& lab : labs) {
    add_tree(out, root / "labs" / lab, fs::path("labs") / lab);
    add_tree(out, root / "skeletons" / lab, fs::path(kStudentFolder) / lab);
  }
  add_file(out, root, "grader/CMakeLists.txt", "grader/CMakeLists.txt");
  add_file(out, root, "grader/README.md", "grader/README.md");
  for (const auto& part : kGraderParts) add_tree(out, root / "grader" / part, fs::path("grader") / part, kInstructorVerbs);
  for (const char* doc : {"labs.md", "manifest.md", "report-schema.md"}) {
    if (fs::exists(root / "docs" / doc)) add_file(out, root, fs::path("docs") / doc, fs::path("docs") / doc);
  }
  return out;
}

}  // namespace dslab::publish
