// Student handouts: the marker rewrite and the check of what a published handout names.
#include "grader/publish/handout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "grader/manifest/lab_manifest.hpp"

namespace dslab::publish {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kStaffOpen = "<!-- staff -->";
constexpr std::string_view kStaffClose = "<!-- /staff -->";
constexpr std::string_view kStudentOpen = "<!-- student";
constexpr std::string_view kCommentClose = "-->";

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Names a student repository never has (or must not be told about).
struct CourseOnly {
  std::string_view text;
  std::string_view why;
};
constexpr std::array<CourseOnly, 10> kCourseOnly{{
    {"solutions/", "the reference solutions are not in your repository"},
    {"skeletons/", "your files are in student/<lab>/"},
    {"_hidden", "the hidden tests are not in your repository"},
    {"tests/hidden", "the hidden tests are not in your repository"},
    {"bugs/", "course-only folder"},
    {"course.toml", "the course file is not in your repository"},
    {"--preset skeletons", "the student repository has the presets default and asan"},
    {"<!-- staff", "staff marker left in"},
    {"<!-- /staff", "staff marker left in"},
    {"<!-- student", "student marker left in"},
}};

// Top-level folders of the repository a handout may point into.
constexpr std::array<std::string_view, 7> kRepoFolders{"labs/",   "student/", "runtime/", "grader/",
                                                       "docs/",   "ci/",      "cmake/"};

// Splits a line into tokens at blanks and Markdown/shell punctuation.
std::vector<std::string> tokens(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : line) {
    if (std::string_view(" \t`'\"()[],;|=&>").find(c) != std::string_view::npos) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  for (auto& t : out) {
    while (!t.empty() && (t.back() == '.' || t.back() == ':')) t.pop_back();
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// A command that runs a bare `dslab`: the first word after VAR=value assignments.
bool runs_bare_dslab(const std::string& command) {
  std::istringstream in(command);
  for (std::string word; in >> word;) {
    if (word.find('=') != std::string::npos && word.front() != '-') continue;
    return word == "dslab";
  }
  return false;
}

void check_token(std::string t, const fs::path& handout_dir, const fs::path& repo,
                 const std::set<std::string>& binaries, int line,
                 std::vector<HandoutProblem>& out) {
  if (starts_with(t, "./")) t.erase(0, 2);
  if (t.find_first_of("<*{$") != std::string::npos || t.find("...") != std::string::npos) return;
  if (starts_with(t, "build/")) {
    constexpr std::string_view bin = "build/default/bin/";
    if (!starts_with(t, "build/default")) {
      out.push_back({line, fmt::format("names {}: the student build is build/default", t)});
    } else if (starts_with(t, bin)) {
      const std::string name = t.substr(bin.size(), t.find('/', bin.size()) - bin.size());
      if (binaries.count(name) == 0U) {
        out.push_back({line, fmt::format("runs {}: the student build has no program {}", t, name)});
      }
    }
    return;
  }
  fs::path target;
  if (starts_with(t, "../")) {
    target = (handout_dir / t).lexically_normal();
  } else if (std::any_of(kRepoFolders.begin(), kRepoFolders.end(),
                         [&](std::string_view f) { return starts_with(t, f); })) {
    target = t;
  } else {
    return;
  }
  const std::string rel = target.generic_string();
  if (starts_with(rel, "../") || !fs::exists(repo / target)) {
    out.push_back({line, fmt::format("names {}: the student repository has no such file", t)});
  }
}

}  // namespace

std::string student_handout(const std::string& text, const std::string& name) {
  enum class State { kBoth, kStaff, kStudent } state = State::kBoth;
  std::string out;
  int number = 0, opened = 0;
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument(fmt::format("{}:{}: {}", name, number, what));
  };
  for (const auto& line : lines_of(text)) {
    ++number;
    const std::string t = trim(line);
    if (t == kStaffOpen || t == kStudentOpen) {
      if (state != State::kBoth) fail(fmt::format("'{}' inside the block opened on line {}", t, opened));
      state = t == kStaffOpen ? State::kStaff : State::kStudent;
      opened = number;
      continue;
    }
    if ((t == kStaffClose && state == State::kStaff) ||
        (t == kCommentClose && state == State::kStudent)) {
      state = State::kBoth;
      continue;
    }
    if (t == kStaffClose) fail("'<!-- /staff -->' without '<!-- staff -->'");
    if (state != State::kStaff) out += line + "\n";
  }
  if (state != State::kBoth) fail(fmt::format("the block opened on line {} is not closed", opened));
  return out;
}

std::vector<HandoutProblem> check_handout(const std::string& text, const fs::path& handout,
                                          const fs::path& repo,
                                          const std::set<std::string>& binaries) {
  std::vector<HandoutProblem> out;
  bool in_code = false;
  int number = 0;
  for (const auto& line : lines_of(text)) {
    ++number;
    const std::string t = trim(line);
    if (starts_with(t, "```")) {
      in_code = !in_code;
      continue;
    }
    for (const auto& c : kCourseOnly) {
      if (line.find(c.text) != std::string::npos) {
        out.push_back({number, fmt::format("names '{}' ({})", c.text, c.why)});
      }
    }
    // A command line of a code block; prose may name "`dslab test`" as the command it is.
    if (in_code && runs_bare_dslab(line)) {
      out.push_back({number, "runs a bare `dslab` (not on the PATH): write build/default/bin/dslab"});
    }
    for (auto& token : tokens(line)) {
      check_token(std::move(token), handout.parent_path(), repo, binaries, number, out);
    }
  }
  return out;
}

std::set<std::string> student_binaries(const fs::path& repo, const std::vector<std::string>& labs) {
  std::set<std::string> out{"dslab"};
  for (const auto& lab : labs) {
    const fs::path dir = repo / "labs" / lab;
    std::string prefix;
    for (const auto& test : manifest::load_lab(dir).tests) {
      if (test.visibility != manifest::Visibility::kPublic) continue;
      out.insert(test.binary);
      if (const auto cut = test.binary.rfind("_public"); cut != std::string::npos) {
        prefix = test.binary.substr(0, cut);
      }
    }
    if (prefix.empty()) continue;
    if (!fs::is_directory(dir / "programs")) {
      out.insert(prefix + "_host");
      continue;
    }
    constexpr std::string_view suffix = "_main.cpp";
    for (const auto& e : fs::directory_iterator(dir / "programs")) {
      const std::string file = e.path().filename().string();
      if (file.size() > suffix.size() && file.ends_with(suffix)) {
        out.insert(prefix + "_" + file.substr(0, file.size() - suffix.size()));
      }
    }
  }
  return out;
}

}  // namespace dslab::publish
