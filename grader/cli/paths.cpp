// Locating the source and build trees for the dslab command.
#include "grader/cli/paths.hpp"
#include "runtime/env/env.hpp"

#include <cstdlib>
#include <stdexcept>

#ifndef DSLAB_SOURCE_DIR
#define DSLAB_SOURCE_DIR "."
#endif

namespace dslab::cli {
namespace fs = std::filesystem;

fs::path source_root(const std::string& given) {
  fs::path root = given;
  if (root.empty()) {
    root = env::text_or(env::kSource, DSLAB_SOURCE_DIR);
  }
  root = fs::absolute(root);
  if (!fs::is_directory(root / "labs")) {
    throw std::runtime_error("no labs/ folder in " + root.string() + " (use --source or DSLAB_SOURCE)");
  }
  return root;
}

fs::path build_root(const std::string& given) {
  if (!given.empty()) return fs::absolute(given);
  if (const auto build = env::text(env::kBuild)) return *build;
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path();
}

fs::path course_file(const std::string& given, const std::string& source) {
  if (!given.empty()) return given;
  return source_root(source) / "course.toml";
}

std::string self_command() {
  const fs::path self = fs::read_symlink("/proc/self/exe");
  const fs::path rel = self.lexically_relative(fs::current_path());
  if (!rel.empty() && *rel.begin() != "..") return rel.string();
  return self.string();
}

}  // namespace dslab::cli
