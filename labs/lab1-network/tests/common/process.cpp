// Trusted test helper: start a lab-1 program as its own (optionally sandboxed) process.
#include "labs/lab1-network/tests/common/process.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>

namespace lab1::tests {

std::string program_path(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> kBuilt{
      {"lab1_udp_server", LAB1_UDP_SERVER_PATH},   {"lab1_echo_server", LAB1_ECHO_SERVER_PATH},
      {"lab1_framing_tool", LAB1_FRAMING_TOOL_PATH}, {"lab1_rr_server", LAB1_RR_SERVER_PATH},
      {"lab1_rr_client", LAB1_RR_CLIENT_PATH}};
  const auto it = kBuilt.find(name);
  if (it == kBuilt.end()) throw std::invalid_argument("unknown lab-1 program " + std::string(name));
  // DSLAB_LAB1_PROGRAMS, or the grader's DSLAB_STUDENT_BIN (the submission's own build).
  for (const char* var : {"DSLAB_LAB1_PROGRAMS", "DSLAB_STUDENT_BIN"}) {
    const char* dir = std::getenv(var);
    if (dir != nullptr && *dir != '\0') return std::string(dir) + "/" + it->first;
  }
  return it->second;
}

std::vector<std::string> launcher_prefix() {
  std::vector<std::string> prefix;
  const char* file = std::getenv("DSLAB_HOST_LAUNCHER_FILE");
  if (file == nullptr || *file == '\0') return prefix;
  std::ifstream in(file);
  if (!in) throw std::runtime_error(std::string("DSLAB_HOST_LAUNCHER_FILE: cannot read ") + file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) prefix.push_back(line);
  }
  return prefix;
}

std::unique_ptr<Program> Program::start(std::string_view name, std::vector<std::string> args,
                                        std::vector<int> inherit_fds, std::size_t output_limit) {
  dslab::ipc::SpawnOptions options;
  options.argv.push_back(program_path(name));
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.launcher = launcher_prefix();
  options.inherit_fds = std::move(inherit_fds);
  options.output_limit = output_limit;
  return std::unique_ptr<Program>(new Program(std::string(name), dslab::ipc::Child::spawn(options)));
}

bool Program::running() { return !child_->poll().has_value(); }

std::optional<dslab::ipc::ExitStatus> Program::wait(std::chrono::milliseconds timeout) {
  return child_->wait_until(dslab::ipc::deadline_in(timeout));
}

std::string Program::output() const { return child_->output().kept; }

std::string Program::final_output(std::chrono::milliseconds timeout) {
  child_->wait_output_closed(dslab::ipc::deadline_in(timeout));
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

}  // namespace lab1::tests
