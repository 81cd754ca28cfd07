// Sandboxed CMake builds of staged submissions.
#include "grader/grading/student_build.hpp"

#include <fmt/format.h>

#include <sstream>

#include "grader/sandbox/run.hpp"

namespace dslab::grading {
namespace fs = std::filesystem;

sandbox::Policy build_policy(const StagedTree& tree, const BuildLimits& limits) {
  sandbox::Policy p;
  const fs::path work = tree.root.parent_path();
  p.rw_binds.push_back({work, work});
  if (!limits.prebuilt_runtime.empty()) {
    p.ro_binds.push_back({limits.prebuilt_runtime / "runtime", limits.prebuilt_runtime / "runtime"});
  }
  p.cwd = work;
  p.env = {{"PATH", "/usr/bin:/bin"}, {"HOME", work.string()}, {"LANG", "C.UTF-8"}};
  p.cpu_seconds = static_cast<std::uint64_t>(limits.wall.count());
  p.memory_bytes = 4ULL << 30;     // per process: a compiler needs < 1 GiB; a template bomb stops
  p.max_processes = 64;
  // The whole build together (compilers at -j, the linker, cmake), where a cgroup can be made.
  p.group_memory_bytes = 6ULL << 30;
  p.group_max_processes = 256;
  p.max_file_size = 512ULL << 20;
  p.max_open_files = 1024;
  p.tmp_bytes = 512ULL << 20;
  p.max_output_bytes = 1U << 20;
  p.wall = std::chrono::duration_cast<std::chrono::milliseconds>(limits.wall);
  p.uid = limits.uid;
  p.gid = limits.uid;
  p.backend = limits.backend;
  if (!tree.root.empty()) sandbox::prepare_writable_dir(work, p);
  return p;
}

BuildOutcome build_programs(const StagedTree& tree, const std::string& lab,
                            const std::string& build_type, const BuildLimits& limits) {
  BuildOutcome out;
  const fs::path build = tree.root.parent_path() / "build";
  out.bin_dir = build / "bin";
  const sandbox::Policy policy = build_policy(tree, limits);
  // One shell in the sandbox: configure then build; the log is both steps' output.
  const std::string script = fmt::format(
      "set -e; cmake -S '{}' -B '{}' -G Ninja -DCMAKE_BUILD_TYPE={} "
      "'-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG' -DDSLAB_HOST_ONLY=ON "
      "-DDSLAB_BUILD_HIDDEN_TESTS=OFF -DDSLAB_LABS={} -DDSLAB_STUDENT_SOURCE='{}' "
      "-DDSLAB_PREBUILT_RUNTIME='{}' 2>&1; "
      "cmake --build '{}' --target {}_programs -j {} 2>&1",
      tree.root.string(), build.string(), build_type, lab, tree.student_dir.string(),
      limits.prebuilt_runtime.string(), build.string(), lab, limits.jobs);
  const auto r = sandbox::run(policy, {"/bin/sh", "-c", script});
  out.isolation = r.isolation;
  out.group_version = r.group_version;
  out.group_usage = r.group_usage;
  out.timed_out = r.timed_out;
  out.seconds = r.wall_seconds;
  out.log = r.stdout_data + r.stderr_data;
  if (!r.sandbox_error.empty()) {
    out.log += "\n[grader] sandbox error: " + r.sandbox_error;
  } else if (r.timed_out) {
    out.log += fmt::format("\n[grader] the build exceeded {} s", limits.wall.count());
  }
  out.ok = r.succeeded();
  return out;
}

std::string first_errors(const std::string& log, std::size_t max_lines) {
  std::istringstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // A diagnostic is "file:line:col: error: ..." or "fatal error:"; compiler command lines
  // (which contain -Werror) and ninja's FAILED: lines are not.
  auto is_diagnostic = [](const std::string& l) {
    if (l.rfind("FAILED:", 0) == 0 || l.rfind("/usr/bin/", 0) == 0) return false;
    return l.find("error:") != std::string::npos || l.rfind("CMake Error", 0) == 0;
  };
  std::string out;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < lines.size() && shown < max_lines; ++i) {
    if (!is_diagnostic(lines[i])) continue;
    out += lines[i] + "\n";
    ++shown;
    // Keep the source excerpt and caret lines that follow a diagnostic.
    while (i + 1 < lines.size() && shown < max_lines &&
           (lines[i + 1].rfind("  ", 0) == 0 || lines[i + 1].find(" | ") != std::string::npos) &&
           !is_diagnostic(lines[i + 1])) {
      out += lines[++i] + "\n";
      ++shown;
    }
  }
  if (out.empty()) {
    // No recognisable diagnostic: show the end of the log.
    const std::size_t from = lines.size() > max_lines ? lines.size() - max_lines : 0;
    for (std::size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
  }
  return out;
}

}  // namespace dslab::grading
