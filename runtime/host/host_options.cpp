// HostOptions from the environment (how the grader points test binaries at the sandbox).
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "runtime/env/env.hpp"
#include "runtime/host/host_engine.hpp"

namespace dslab::host {

HostOptions options_from_env(HostOptions defaults) {
  if (auto path = env::text(env::kHost)) {
    defaults.host_path = *path;
  } else if (auto bin = env::text(env::kStudentBin); bin && !defaults.host_path.empty()) {
    // The grader built the student's programs into their own directory: same file name there.
    defaults.host_path = *bin + "/" + std::filesystem::path(defaults.host_path).filename().string();
  }
  if (auto file = env::text(env::kHostLauncherFile)) {
    std::ifstream in(*file);
    if (!in) throw std::runtime_error("DSLAB_HOST_LAUNCHER_FILE: cannot read " + *file);
    defaults.launcher.clear();
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) defaults.launcher.push_back(line);
    }
  }
  // At most an hour per handler call: a larger value is a typo.
  if (auto ms = env::number(env::kHostTimeoutMs, 3'600'000)) {
    defaults.call_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(*ms));
  }
  if (env::flag(env::kHostPerNode)) defaults.process_per_node = true;
  return defaults;
}

}  // namespace dslab::host
