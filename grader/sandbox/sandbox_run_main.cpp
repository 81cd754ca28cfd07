// dslab-sandbox-run: run one command in the sandbox by hand (debugging policies, measuring).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "grader/sandbox/isolation.hpp"
#include "grader/sandbox/run.hpp"

namespace {

using dslab::sandbox::Backend;
using dslab::sandbox::Bind;
using dslab::sandbox::Policy;

constexpr const char* kUsage =
    "usage: dslab-sandbox-run [--backend auto|bwrap|unshare|none] [--uid N] [--wall-ms N]\n"
    "         [--cpu S] [--mem BYTES] [--nproc N] [--ro-bind HOST[:SANDBOX]]...\n"
    "         [--bind HOST[:SANDBOX]]... [--cwd DIR] [--repeat N] [--detect] -- PROGRAM [ARGS]\n"
    "Prints the program's output, then one summary line per run.\n";

Bind parse_bind(const std::string& spec) {
  std::size_t colon = spec.find(':');
  if (colon == std::string::npos) return {spec, {}};
  return {spec.substr(0, colon), spec.substr(colon + 1)};
}

Backend parse_backend(std::string_view name) {
  if (name == "auto") return Backend::kAuto;
  if (name == "bwrap") return Backend::kBwrap;
  if (name == "unshare") return Backend::kUnshare;
  if (name == "none") return Backend::kNone;
  throw std::invalid_argument("unknown backend: " + std::string(name));
}

std::uint64_t number(const std::string& text) {
  std::size_t used = 0;
  std::uint64_t n = std::stoull(text, &used);
  if (used != text.size()) throw std::invalid_argument("not a number: " + text);
  return n;
}

void print_detect() {
  const dslab::sandbox::Isolation& iso = dslab::sandbox::detect();
  std::printf("root=%d bwrap=%d unshare=%d uid-change=%d best=%s level=\"%s\"\nnotes: %s\n",
              iso.is_root, iso.bwrap_usable, iso.unshare_usable, iso.can_change_uid,
              to_string(iso.best).c_str(), iso.level.c_str(), iso.notes.c_str());
}

}  // namespace

int main(int argc, char** argv) try {
  Policy policy;
  int repeat = 1;
  std::vector<std::string> command;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--") {
      command.assign(argv + i + 1, argv + argc);
      break;
    }
    if (flag == "--detect") {
      print_detect();
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument("missing value for " + flag);
    std::string value = argv[++i];
    if (flag == "--backend") policy.backend = parse_backend(value);
    else if (flag == "--uid") policy.uid = policy.gid = static_cast<uid_t>(number(value));
    else if (flag == "--wall-ms") policy.wall = std::chrono::milliseconds(number(value));
    else if (flag == "--cpu") policy.cpu_seconds = number(value);
    else if (flag == "--mem") policy.memory_bytes = number(value);
    else if (flag == "--nproc") policy.max_processes = number(value);
    else if (flag == "--ro-bind") policy.ro_binds.push_back(parse_bind(value));
    else if (flag == "--bind") policy.rw_binds.push_back(parse_bind(value));
    else if (flag == "--cwd") policy.cwd = value;
    else if (flag == "--repeat") repeat = static_cast<int>(number(value));
    else throw std::invalid_argument("unknown option " + flag);
  }
  if (command.empty()) {
    if (argc > 1 && std::string_view(argv[argc - 1]) == "--detect") return 0;
    std::fputs(kUsage, stderr);
    return 2;
  }
  int last = 0;
  double total_wall = 0;
  for (int n = 0; n < repeat; ++n) {
    dslab::sandbox::RunResult r = dslab::sandbox::run(policy, command);
    if (n == 0) std::cout << r.stdout_data << r.stderr_data;
    std::cout << describe(r) << "\n";
    total_wall += r.wall_seconds;
    last = r.succeeded() ? 0 : 1;
  }
  if (repeat > 1) std::printf("mean wall %.1f ms over %d runs\n", 1000 * total_wall / repeat, repeat);
  return last;
} catch (const std::exception& e) {
  std::fprintf(stderr, "dslab-sandbox-run: %s\n%s", e.what(), kUsage);
  return 2;
}
