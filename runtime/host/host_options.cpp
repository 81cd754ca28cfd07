// HostOptions from the environment (how the grader points test binaries at the sandbox).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "runtime/host/host_engine.hpp"

namespace dslab::host {
namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}
}  // namespace

HostOptions options_from_env(HostOptions defaults) {
  if (auto path = env("DSLAB_HOST"); !path.empty()) {
    defaults.host_path = path;
  } else if (auto bin = env("DSLAB_STUDENT_BIN"); !bin.empty() && !defaults.host_path.empty()) {
    // The grader built the student's programs into their own directory: same file name there.
    defaults.host_path = bin + "/" + std::filesystem::path(defaults.host_path).filename().string();
  }
  if (auto file = env("DSLAB_HOST_LAUNCHER_FILE"); !file.empty()) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("DSLAB_HOST_LAUNCHER_FILE: cannot read " + file);
    defaults.launcher.clear();
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) defaults.launcher.push_back(line);
    }
  }
  if (auto ms = env("DSLAB_HOST_TIMEOUT_MS"); !ms.empty()) {
    try {
      defaults.call_timeout = std::chrono::milliseconds(std::stoll(ms));
    } catch (const std::exception&) {
      throw std::runtime_error("DSLAB_HOST_TIMEOUT_MS must be a number of milliseconds");
    }
  }
  if (env("DSLAB_HOST_PER_NODE") == "1") defaults.process_per_node = true;
  return defaults;
}

}  // namespace dslab::host
