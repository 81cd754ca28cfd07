// Writing the student repository (see publish.hpp): clear the output, copy the plan with its
// substitutions, fill the README's lab list, then prove there is no leak.
#include "grader/publish/publish.hpp"

#include <fmt/format.h>

#include <cctype>
#include <iterator>
#include <fstream>
#include <sstream>

#include "grader/publish/handout.hpp"
#include "grader/publish/plan.hpp"

namespace dslab::publish {
namespace fs = std::filesystem;
namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to, const fs::path& file) {
  size_t pos = text.find(from);
  if (pos == std::string::npos) {
    throw std::runtime_error(fmt::format("publish: {} no longer contains '{}' (update grader/publish/plan.cpp)",
                                         file.string(), from));
  }
  for (; pos != std::string::npos; pos = text.find(from, pos + to.size())) text.replace(pos, from.size(), to);
}

// Empties `out` (keeping .git/) or refuses, per options.
void prepare_output(const PublishOptions& o) {
  const fs::path source = fs::weakly_canonical(o.source_root);
  const fs::path out = fs::weakly_canonical(o.out);
  // Inside the course tree only under a build folder (which the leak check's index skips).
  const bool inside = out.string().rfind(source.string() + "/", 0) == 0;
  if (out == source || source.string().rfind(out.string() + "/", 0) == 0 ||
      (inside && !is_ignored(fs::relative(out, source)))) {
    throw std::invalid_argument(fmt::format("--out {} must be outside the course tree {} (or in a build folder of it)",
                                            out.string(), source.string()));
  }
  if (!fs::exists(out)) {
    fs::create_directories(out);
    return;
  }
  if (!fs::is_directory(out)) throw std::invalid_argument(fmt::format("--out {} is not a directory", out.string()));
  bool empty = true;
  for (const auto& e : fs::directory_iterator(out)) empty = empty && e.path().filename() == ".git";
  if (empty) return;
  if (!o.force) {
    throw std::invalid_argument(fmt::format("--out {} is not empty (use --force to replace its contents)", out.string()));
  }
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().filename() != ".git") fs::remove_all(e.path());
  }
}

std::string lab_list(const std::vector<std::string>& labs) {
  std::string s;
  for (const auto& lab : labs) {
    s += fmt::format("| `{}` | [labs/{}/README.md](labs/{}/README.md) | `{}/{}/` |\n", lab, lab, lab, kStudentFolder, lab);
  }
  return s;
}

}  // namespace

LeakError::LeakError(LeakReport report)
    : std::runtime_error(fmt::format("publish: leak check failed: {} finding(s)", report.leaks.size())),
      report_(std::move(report)) {}

std::string late_rule_text(const std::string& late_policy) {
  if (late_policy == "on-request") {
    return "your latest submission of a lab up to its deadline. After the deadline, a later push "
           "replaces it only if you ask for it: the pushed commit holds the file "
           "`student/<lab>/SUBMIT_LATE` (any content). Then the latest such push counts and its late "
           "days are charged from your slip days; delete the file to stop. A lab with no submission "
           "before its deadline counts its first late one without the file. (So a stray push after a "
           "deadline never changes a finished lab.)";
  }
  if (late_policy == "latest") {
    return "your latest submission of the lab, also after its deadline (its late days are charged "
           "from your slip days).";
  }
  throw std::invalid_argument(fmt::format("late policy '{}' is not on-request or latest", late_policy));
}

namespace {

void check_options(const PublishOptions& o) {
  if (o.template_repo.empty()) {
    throw std::invalid_argument(
        "--template-repo is empty: the student README tells students to pull new labs and fixes from "
        "it (git remote add template ...); give the template repository as OWNER/NAME");
  }
  const auto slash = o.template_repo.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < o.template_repo.size() &&
            o.template_repo.find('/', slash + 1) == std::string::npos;
  for (const char c : o.template_repo) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '-' || c == '_' || c == '.');
  }
  if (!ok) throw std::invalid_argument(fmt::format("--template-repo '{}' is not OWNER/NAME", o.template_repo));
  if (o.branch.empty()) throw std::invalid_argument("the graded branch is empty (course.toml [grading] branch)");
}

std::string fill_readme(std::string text, const PublishOptions& o, const std::vector<std::string>& labs,
                        const fs::path& source) {
  replace_all(text, "{{LABS}}\n", lab_list(labs), source);
  replace_all(text, "{{BRANCH}}", o.branch, source);
  replace_all(text, "{{LATE_RULE}}", late_rule_text(o.late_policy), source);
  replace_all(text, "{{TEMPLATE_REPO}}", o.template_repo, source);
  return text;
}

// labs/<lab>/README.md: a lab's handout, published in its student version.
bool is_handout(const fs::path& dest) {
  auto it = dest.begin();
  return dest.filename() == "README.md" && *it == "labs" && std::distance(dest.begin(), dest.end()) == 3;
}

// Every published handout (and the repository README) names only what the repository has.
void check_handouts(const fs::path& out, const std::vector<std::string>& labs) {
  const auto binaries = student_binaries(out, labs);
  std::vector<fs::path> handouts{"README.md"};
  for (const auto& lab : labs) handouts.push_back(fs::path("labs") / lab / "README.md");
  std::string problems;
  for (const auto& h : handouts) {
    for (const auto& p : check_handout(read_all(out / h), h, out, binaries)) {
      problems += fmt::format("\n  {}:{}: {}", h.generic_string(), p.line, p.what);
    }
  }
  if (!problems.empty()) {
    throw std::invalid_argument("publish: the student handouts name what the student repository "
                                "does not have (see grader/publish/README.md, handouts):" + problems);
  }
}

}  // namespace

PublishResult publish(const PublishOptions& o) {
  check_options(o);
  (void)late_rule_text(o.late_policy);  // refuse an unknown policy before writing anything
  PublishResult result;
  result.labs = select_labs(o.source_root, o.labs);
  const auto files = plan(o.source_root, result.labs);
  prepare_output(o);
  for (const auto& f : files) {
    const fs::path dest = o.out / f.dest;
    fs::create_directories(dest.parent_path());
    const bool templated = f.dest == "README.md" || is_handout(f.dest);
    if (f.substitutions.empty() && !templated) {
      fs::copy_file(f.source, dest, fs::copy_options::overwrite_existing);
    } else {
      std::string text = read_all(f.source);
      for (const auto& [from, to] : f.substitutions) replace_all(text, from, to, f.source);
      if (f.dest == "README.md") text = fill_readme(std::move(text), o, result.labs, f.source);
      if (is_handout(f.dest)) text = student_handout(text, f.source.string());
      std::ofstream(dest, std::ios::binary) << text;
    }
    // Keep the executable bit (ci/setup).
    fs::permissions(dest, fs::status(f.source).permissions(), fs::perm_options::replace);
    ++result.files;
  }
  check_handouts(o.out, result.labs);
  result.leaks = check_leaks(o.source_root, o.out);
  if (!result.leaks.clean()) throw LeakError(result.leaks);
  return result;
}

std::string render_leaks(const LeakReport& report) {
  std::string s;
  for (const auto& l : report.leaks) {
    s += l.line > 0 ? fmt::format("LEAK {}:{}: {}\n", l.file.string(), l.line, l.what)
                    : fmt::format("LEAK {}: {}\n", l.file.string(), l.what);
  }
  s += report.clean() ? fmt::format("leak check passed: {} files, {} distinctive secret lines searched\n",
                                    report.files_checked, report.secret_lines)
                      : fmt::format("leak check FAILED: {} finding(s) in {} files; do not push this tree\n",
                                    report.leaks.size(), report.files_checked);
  return s;
}

}  // namespace dslab::publish
