// runtime/ipc/competitors.cpp: spawning, bounding and reaping the busy benchmarks' spinners.
#include "runtime/ipc/competitors.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

namespace dslab::ipc {
namespace {

[[noreturn]] void spin_forever(std::chrono::seconds limit, pid_t parent) {
  // Only async-signal-safe calls here: the parent may have threads.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(0);  // the parent died before prctl took effect
  alarm(static_cast<unsigned>(limit.count() > 0 ? limit.count() : 1));
  volatile std::uint64_t counter = 0;
  for (;;) counter = counter + 1;
}

}  // namespace

Competitors::Competitors(unsigned count, std::chrono::seconds limit) {
  if (count == 0) {
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    count = cpus > 0 ? static_cast<unsigned>(cpus) : 1;
  }
  const pid_t self = getpid();
  for (unsigned i = 0; i < count; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int error = errno;
      stop();
      throw std::system_error(error, std::generic_category(), "fork (benchmark competitor)");
    }
    if (pid == 0) spin_forever(limit, self);
    pids_.push_back(pid);
  }
}

Competitors::~Competitors() { stop(); }

void Competitors::stop() {
  for (const pid_t pid : pids_) kill(pid, SIGKILL);
  for (const pid_t pid : pids_) {
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pids_.clear();
}

std::string load_line() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen, runnable;
  if (!(in >> one >> five >> fifteen >> runnable)) return {};
  std::ostringstream out;
  out << "load average: " << one << ", " << five << ", " << fifteen << "; runnable now "
      << runnable;
  return out.str();
}

}  // namespace dslab::ipc
