// Submission builds for the verbs that run student code (see submission_build.hpp).
#include "grader/cli/submission_build.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>

extern char** environ;

namespace dslab::cli {
namespace fs = std::filesystem;

int run_command(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return 127;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

fs::path build_on_submission(const SubmissionBuild& b) {
  std::string labs = b.lab;
  for (const auto& lab : b.with_labs) labs += ";" + lab;
  std::vector<std::string> needed = b.with_labs;
  needed.push_back(b.lab);
  for (const auto& lab : needed) {
    if (!fs::is_directory(b.submission / lab)) {
      std::cerr
          << "dslab " << b.verb << ": " << (b.submission / lab).string()
          << " is not a folder: --submission takes the folder holding one folder per lab (a student "
             "checkout's student/)"
          << (lab == b.lab ? "" : "; " + b.target + " is built from " + lab + " too") << "\n";
      return {};
    }
  }
  const fs::path tree = b.build_root / b.verb / b.lab;
  std::vector<std::string> configure{
      "cmake",
      "-S",
      b.source.string(),
      "-B",
      tree.string(),
      "-DDSLAB_STUDENT_SOURCE=" + fs::absolute(b.submission).lexically_normal().string(),
      "-DDSLAB_LABS=" + labs};
  if (!fs::exists(tree / "CMakeCache.txt")) {
    configure.insert(configure.end(), {"-G", "Ninja"});
    if (!b.build_type.empty()) configure.push_back("-DCMAKE_BUILD_TYPE=" + b.build_type);
  }
  std::cerr << "dslab " << b.verb << ": building " << b.target << " against "
            << b.submission.string() << " in " << tree.string() << "\n";
  if (run_command(configure) != 0 ||
      run_command({"cmake", "--build", tree.string(), "--target", b.target}) != 0) {
    std::cerr << "dslab " << b.verb << ": the build against " << b.submission.string()
              << " failed (see above)\n";
    return {};
  }
  return tree / "bin";
}

}  // namespace dslab::cli
