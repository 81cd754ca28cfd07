// Hostile lab-2 submission "runaway" (grader/hostile/README.md): every handler runs a fork bomb,
// a memory hog and a disk filler, then spins forever. Expected: score 0, the grader finishes.
#include "node.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace lab2 {
namespace {

// Exponential fork bomb, bounded to 2^11 = 2048 processes even where nothing stops it. Every
// process but the caller parks forever, so only the sandbox's tree kill can end them.
void fork_bomb() {
  const pid_t original = getpid();
  for (int i = 0; i < 11; ++i) {
    if (fork() < 0) break;
  }
  if (getpid() != original) {
    for (;;) pause();
  }
}

// Touches up to 3 GiB in 64 MiB steps (RLIMIT_AS should stop it near 2 GiB).
void memory_hog() {
  static std::vector<char*> kept;
  for (int i = 0; i < 48; ++i) {
    auto* block = static_cast<char*>(std::malloc(std::size_t{64} << 20));
    if (block == nullptr) break;
    std::memset(block, 0x5a, std::size_t{64} << 20);
    kept.push_back(block);
  }
}

// Writes up to 4 GiB into each of a few places (SIGXFSZ ignored: EFBIG instead), then up to
// 4096 small files into /tmp. Stops at the first error of each place.
void disk_filler() {
  signal(SIGXFSZ, SIG_IGN);
  static const std::vector<char> chunk(std::size_t{1} << 20, 'x');
  for (const char* path : {"/tmp/hostile-fill", "hostile-fill", "/dev/shm/hostile-fill"}) {
    const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) continue;
    for (int i = 0; i < 4096; ++i) {
      if (write(fd, chunk.data(), chunk.size()) <= 0) break;
    }
    close(fd);
  }
  for (int i = 0; i < 4096; ++i) {
    const std::string name = "/tmp/hostile-small-" + std::to_string(i);
    const int fd = open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) break;
    const bool ok = write(fd, chunk.data(), 64 << 10) > 0;
    close(fd);
    if (!ok) break;
  }
}

[[noreturn]] void run_away() {
  fork_bomb();
  memory_hog();
  disk_filler();
  static std::atomic<unsigned long> spins{0};  // atomic: the loop is not UB, nor optimised out
  for (;;) spins.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void DetectorNode::on_start(Context& /*ctx*/) { run_away(); }

void DetectorNode::on_message(Context& /*ctx*/, NodeId /*from*/, const Protocol::Message& /*msg*/) {
  run_away();
}

void DetectorNode::on_timer(Context& /*ctx*/, const Protocol::Timer& /*timer*/) { run_away(); }

void DetectorNode::announce_leader(Context& /*ctx*/) {}

}  // namespace lab2
