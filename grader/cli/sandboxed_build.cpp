// The sandboxed submission build (see sandboxed_build.hpp).
#include "grader/cli/sandboxed_build.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "grader/grading/stage.hpp"
#include "grader/grading/student_build.hpp"
#include "grader/sandbox/cleanup.hpp"

namespace dslab::cli {
namespace fs = std::filesystem;

namespace {

class Staged final : public SandboxedPrograms {
 public:
  explicit Staged(fs::path work)
      : work_(std::move(work)), registration_(sandbox::cleanup::Kind::kDirectory, work_) {}
  ~Staged() override {
    std::error_code ec;
    fs::remove_all(work_, ec);
  }
  Staged(const Staged&) = delete;
  Staged& operator=(const Staged&) = delete;
  const fs::path& bin_dir() const override { return bin_; }
  const fs::path& work() const { return work_; }
  void set_bin(fs::path bin) { bin_ = std::move(bin); }

 private:
  fs::path work_;
  fs::path bin_;
  sandbox::cleanup::Registration registration_;
};

}  // namespace

std::unique_ptr<SandboxedPrograms> build_in_sandbox(const SubmissionBuild& b) {
  const std::string who = "dslab " + b.verb;
  if (!fs::exists(b.source / "labs" / b.lab / "lab.toml")) {
    std::cerr << who << ": " << manifest::unknown_lab(b.source / "labs", b.lab) << "\n";
    return nullptr;
  }
  const auto manifest = manifest::load_lab(b.source / "labs" / b.lab);
  std::string tmpl =
      (fs::temp_directory_path() / fmt::format("dslab-{}-{}-XXXXXX", b.verb, getpid())).string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    std::cerr << who << ": cannot create a staging folder in " << fs::temp_directory_path().string()
              << "\n";
    return nullptr;
  }
  auto staged = std::make_unique<Staged>(tmpl);
  try {
    const grading::StagedTree tree =
        grading::stage(b.source, manifest, b.submission, staged->work() / "stage");
    if (!tree.missing.empty()) {
      std::string files;
      for (const auto& f : tree.missing) files += (files.empty() ? "" : ", ") + f;
      std::cerr << who << ": the submission lacks student files of " << b.lab << ": " << files
                << "\n";
      return nullptr;
    }
    std::cerr << who << ": building " << b.lab << " from " << b.submission.string()
              << " in the sandbox...\n";
    grading::BuildLimits limits;
    limits.prebuilt_runtime = b.build_root;
    const grading::BuildOutcome out = grading::build_programs(tree, b.lab, "Release", limits);
    if (!out.ok) {
      std::cerr << who << ": the submission does not build:\n" << grading::first_errors(out.log);
      return nullptr;
    }
    std::cerr << fmt::format("{}: built in {:.1f} s ({})\n", who, out.seconds, out.isolation);
    staged->set_bin(out.bin_dir);
  } catch (const grading::SubmissionRefused& e) {
    std::cerr << who << ": submission refused: " << e.what() << "\n";
    return nullptr;
  }
  return staged;
}

}  // namespace dslab::cli
