// Staging of submissions (see stage.hpp): what is copied, and what never is.
#include "grader/grading/stage.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace dslab::grading {
namespace fs = std::filesystem;
namespace {

// Copies a directory of trusted sources, skipping what must never reach a student build.
void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path rel = fs::relative(it->path(), from);
    const std::string first = rel.begin()->string();
    const std::string name = it->path().filename().string();
    const bool excluded = name == "hidden" || name == "bugs" || name == "exam" ||
                          first.rfind("build", 0) == 0 || name == ".git";
    if (excluded && it->is_directory()) {
      it.disable_recursion_pending();
      continue;
    }
    if (excluded) continue;
    if (it->is_directory()) {
      fs::create_directories(to / rel);
    } else if (it->is_regular_file()) {
      fs::copy_file(it->path(), to / rel, fs::copy_options::overwrite_existing);
    }
  }
}

}  // namespace

fs::path lab_folder(const fs::path& submission, const manifest::LabManifest& manifest) {
  const fs::path nested = submission / manifest.id;
  if (fs::is_directory(nested)) return nested;
  for (const auto& f : manifest.student_files) {
    if (fs::exists(submission / f)) return submission;
  }
  return nested;
}

StagedTree stage(const fs::path& source_root, const manifest::LabManifest& manifest,
                 const fs::path& submission, const fs::path& work) {
  if (!fs::is_directory(submission)) {
    throw std::runtime_error(fmt::format("submission {} is not a directory", submission.string()));
  }
  if (fs::exists(work) && !fs::is_empty(work)) {
    throw std::runtime_error(fmt::format("staging directory {} is not empty", work.string()));
  }
  StagedTree tree;
  tree.root = work / "src";
  tree.student_dir = work / "src" / "submission";
  fs::create_directories(tree.root);
  for (const char* file : {"CMakeLists.txt", "CMakePresets.json"}) {
    fs::copy_file(source_root / file, tree.root / file);
  }
  copy_tree(source_root / "cmake", tree.root / "cmake");
  copy_tree(source_root / "runtime", tree.root / "runtime");
  fs::create_directories(tree.root / "labs");
  fs::copy_file(source_root / "labs" / "CMakeLists.txt", tree.root / "labs" / "CMakeLists.txt");
  copy_tree(source_root / "labs" / manifest.id, tree.root / "labs" / manifest.id);

  const fs::path from = lab_folder(submission, manifest);
  const fs::path to = tree.student_dir / manifest.id;
  fs::create_directories(to);
  for (const auto& f : manifest.student_files) {
    const fs::path src = from / f;
    const auto status = fs::symlink_status(src);
    if (!fs::is_regular_file(status)) {
      tree.missing.push_back(f);
      continue;
    }
    fs::create_directories((to / f).parent_path());
    fs::copy_file(src, to / f, fs::copy_options::overwrite_existing);
  }
  return tree;
}

}  // namespace dslab::grading
