// dslab-grading-fake-test: a stand-in for a trusted test binary in the test runner's own tests.
// It reads the test it was asked for from --gtest_filter=Fake.<Mode> and misbehaves that way.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Touches memory in 16 MiB blocks until the kernel stops it (exit 3 if 1 GiB was allowed).
int hold_memory() {
  std::vector<char*> blocks;
  for (int i = 0; i < 64; ++i) {
    auto* block = static_cast<char*>(std::malloc(16 << 20));
    if (block == nullptr) return 4;
    std::memset(block, 1, 16 << 20);
    blocks.push_back(block);
  }
  return 3;
}

// Starts children that wait forever until a fork fails; then exits 1 without a result file.
int start_processes() {
  for (int made = 0; made < 4096; ++made) {
    const pid_t pid = fork();
    if (pid == 0) {
      for (;;) pause();
    }
    if (pid < 0) {
      std::printf("fork %d failed\n", made);
      return 1;
    }
  }
  return 0;  // the bound never came
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--gtest_filter=Fake.", 0) == 0) mode = arg.substr(20);
  }
  if (mode == "HoldsMoreMemoryThanItsGroup") return hold_memory();
  if (mode == "StartsMoreProcessesThanItsGroup") return start_processes();
  std::fprintf(stderr, "dslab-grading-fake-test: unknown test '%s'\n", mode.c_str());
  return 2;
}
