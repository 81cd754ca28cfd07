// Programs under test as sandboxed processes (see program.hpp).
#include "runtime/testing/program.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "runtime/env/env.hpp"

namespace dslab::labkit {

std::vector<std::string> launcher_prefix() {
  std::vector<std::string> prefix;
  const auto file = env::text(env::kHostLauncherFile);
  if (!file) return prefix;
  std::ifstream in(*file);
  if (!in) throw std::runtime_error("DSLAB_HOST_LAUNCHER_FILE: cannot read " + *file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) prefix.push_back(line);
  }
  return prefix;
}

std::unique_ptr<Program> Program::start(std::string name, const std::string& path,
                                        std::vector<std::string> args,
                                        std::vector<int> inherit_fds, std::size_t output_limit) {
  ipc::SpawnOptions options;
  options.argv.push_back(path);
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.launcher = launcher_prefix();
  options.inherit_fds = std::move(inherit_fds);
  options.output_limit = output_limit;
  return std::unique_ptr<Program>(new Program(std::move(name), ipc::Child::spawn(options)));
}

bool Program::running() { return !child_->poll().has_value(); }

std::optional<ipc::ExitStatus> Program::wait(std::chrono::milliseconds timeout) {
  return child_->wait_until(ipc::deadline_in(timeout));
}

std::string Program::output() const { return child_->output().kept; }

std::string Program::final_output(std::chrono::milliseconds timeout) {
  child_->wait_output_closed(ipc::deadline_in(timeout));
  return output();
}

std::string Program::describe() {
  const auto status = child_->poll();
  std::string out = name_ + ": " + (status ? status->describe() : std::string("running"));
  const std::string text = output();
  constexpr std::size_t kTail = 2000;
  out += "; output: ";
  out += text.size() > kTail ? "..." + text.substr(text.size() - kTail) : text;
  return out;
}

}  // namespace dslab::labkit
