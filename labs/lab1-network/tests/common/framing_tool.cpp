// Trusted test helper: run lab1_framing_tool on an input and collect what it printed.
#include "labs/lab1-network/tests/common/framing_tool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <stdexcept>

#include "labs/lab1-network/tests/common/net.hpp"
#include "labs/lab1-network/tests/common/process.hpp"

namespace lab1::tests {

std::string ToolRun::describe() const {
  return (exited ? "exit code " + std::to_string(exit_code) : std::string("did not exit")) +
         ", output:\n" + output.substr(0, 4000);
}

ToolRun run_framing_tool(const std::string& input, std::vector<std::string> args) {
  Fd mem(memfd_create("lab1-input", MFD_CLOEXEC));
  if (mem.get() < 0) throw std::runtime_error("memfd_create failed");
  std::size_t off = 0;
  while (off < input.size()) {
    const ssize_t n = write(mem.get(), input.data() + off, input.size() - off);
    if (n <= 0) throw std::runtime_error("memfd write failed");
    off += static_cast<std::size_t>(n);
  }
  lseek(mem.get(), 0, SEEK_SET);
  args.insert(args.end(), {"--input-fd", "3"});
  auto tool = start_program("lab1_framing_tool", std::move(args), {mem.get()}, std::size_t{4} << 20);
  ToolRun run;
  if (auto status = tool->wait(milliseconds(10000))) {
    run.exited = true;
    run.exit_code = status->signaled ? 128 + status->value : status->value;
  }
  run.output = tool->final_output(milliseconds(2000));
  return run;
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15U];
  }
  return out;
}

std::string expected_frames(const std::vector<std::string>& payloads) {
  std::string out;
  for (const std::string& p : payloads) {
    out += "frame " + std::to_string(p.size()) + " " + hex(p) + "\n";
  }
  return out + "end\n";
}

}  // namespace lab1::tests
