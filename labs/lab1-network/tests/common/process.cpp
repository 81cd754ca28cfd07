// Trusted test helper: where the lab-1 programs are, and starting one.
#include "labs/lab1-network/tests/common/process.hpp"

#include <map>
#include <stdexcept>

#include "runtime/env/env.hpp"

namespace lab1::tests {

std::string program_path(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> kBuilt{
      {"lab1_udp_server", LAB1_UDP_SERVER_PATH},   {"lab1_echo_server", LAB1_ECHO_SERVER_PATH},
      {"lab1_framing_tool", LAB1_FRAMING_TOOL_PATH}, {"lab1_rr_server", LAB1_RR_SERVER_PATH},
      {"lab1_rr_client", LAB1_RR_CLIENT_PATH}};
  const auto it = kBuilt.find(name);
  if (it == kBuilt.end()) throw std::invalid_argument("unknown lab-1 program " + std::string(name));
  // DSLAB_LAB1_PROGRAMS, or the grader's DSLAB_STUDENT_BIN (the submission's own build).
  for (const auto var : {dslab::env::kLab1Programs, dslab::env::kStudentBin}) {
    if (const auto dir = dslab::env::text(var)) return *dir + "/" + it->first;
  }
  return it->second;
}

std::unique_ptr<Program> start_program(std::string_view name, std::vector<std::string> args,
                                       std::vector<int> inherit_fds, std::size_t output_limit) {
  return Program::start(std::string(name), program_path(name), std::move(args),
                        std::move(inherit_fds), output_limit);
}

}  // namespace lab1::tests
