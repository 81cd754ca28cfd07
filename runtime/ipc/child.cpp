// runtime/ipc/child.cpp: fork/exec with a clean fd table, process-group kill and reaping.
#include "runtime/ipc/child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace dslab::ipc {
namespace {

constexpr std::size_t kMaxInheritedFds = 64;

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), "ipc: " + what);
}

std::string resolve_program(const std::string& name) {
  if (name.empty()) throw std::invalid_argument("ipc: empty program name");
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = dirs.substr(start, end - start);
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  throw std::runtime_error("ipc: cannot execute '" + name + "': not found in PATH");
}

std::vector<std::string> build_environment(const std::vector<std::string>& extra) {
  std::set<std::string> replaced;
  for (const std::string& entry : extra) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw std::invalid_argument("ipc: environment entry '" + entry + "' is not NAME=value");
    }
    replaced.insert(entry.substr(0, eq));
  }
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    if (replaced.count(text.substr(0, text.find('='))) == 0) env.push_back(text);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Everything the forked child needs, prepared before fork (no allocation after it).
struct ExecPlan {
  std::string program;
  std::vector<char*> argv;
  std::vector<char*> envp;
  int null_fd;
  int output_fd;
  int error_fd;
  const std::vector<int>* inherit;
  bool die_with_parent;
  pid_t parent;
  const std::vector<int>* join_cgroups;
};

[[noreturn]] void child_fail(int error_fd) noexcept {
  const int saved = errno;
  [[maybe_unused]] const auto written = write(error_fd, &saved, sizeof saved);
  _exit(127);
}

/// Runs in the forked child: async-signal-safe calls only.
[[noreturn]] void exec_child(const ExecPlan& plan) noexcept {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);  // ignored ones too
  setpgid(0, 0);
  for (const int fd : *plan.join_cgroups) {
    if (write(fd, "0", 1) != 1) child_fail(plan.error_fd);
  }
  if (plan.die_with_parent) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != plan.parent) _exit(127);  // the parent died before prctl took effect
  }
  // Park every source fd above the target range first, so no dup2 clobbers another source.
  const int n = static_cast<int>(plan.inherit->size());
  const int floor = 3 + n + 1;
  std::array<int, kMaxInheritedFds> parked{};
  const int null_fd = fcntl(plan.null_fd, F_DUPFD_CLOEXEC, floor);
  const int out_fd = fcntl(plan.output_fd, F_DUPFD_CLOEXEC, floor);
  const int err_fd = fcntl(plan.error_fd, F_DUPFD_CLOEXEC, floor);
  if (null_fd < 0 || out_fd < 0 || err_fd < 0) child_fail(plan.error_fd);
  for (int i = 0; i < n; ++i) {
    parked[static_cast<std::size_t>(i)] =
        fcntl((*plan.inherit)[static_cast<std::size_t>(i)], F_DUPFD_CLOEXEC, floor);
    if (parked[static_cast<std::size_t>(i)] < 0) child_fail(err_fd);
  }
  if (dup2(null_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0) child_fail(err_fd);
  for (int i = 0; i < n; ++i) {
    if (dup2(parked[static_cast<std::size_t>(i)], 3 + i) < 0) child_fail(err_fd);
  }
  const int report_fd = dup3(err_fd, 3 + n, O_CLOEXEC);
  if (report_fd < 0) child_fail(err_fd);
  close_range(static_cast<unsigned>(floor), ~0U, 0);
  execve(plan.program.c_str(), plan.argv.data(), plan.envp.data());
  child_fail(report_fd);
}

ExitStatus decode(int raw) {
  if (WIFSIGNALED(raw)) return ExitStatus{true, WTERMSIG(raw)};
  return ExitStatus{false, WIFEXITED(raw) ? WEXITSTATUS(raw) : -1};
}

/// Reads the exec error pipe: 0 when exec succeeded (EOF), else the child's errno.
int read_exec_error(int fd) {
  int child_errno = 0;
  ssize_t got = 0;
  do {
    got = read(fd, &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  return got == static_cast<ssize_t>(sizeof child_errno) ? child_errno : 0;
}

}  // namespace

std::string signal_name(int signal) {
  struct Named {
    int number;
    const char* name;
    const char* meaning;
  };
  static constexpr Named kSignals[] = {
      {SIGXFSZ, "SIGXFSZ", "file size limit"},     {SIGXCPU, "SIGXCPU", "CPU time limit"},
      {SIGKILL, "SIGKILL", nullptr},               {SIGSEGV, "SIGSEGV", "segmentation fault"},
      {SIGABRT, "SIGABRT", "abort"},               {SIGBUS, "SIGBUS", "bus error"},
      {SIGFPE, "SIGFPE", "arithmetic error"},      {SIGILL, "SIGILL", "illegal instruction"},
      {SIGSYS, "SIGSYS", "forbidden system call"}, {SIGPIPE, "SIGPIPE", "broken pipe"},
      {SIGTERM, "SIGTERM", "terminated"},          {SIGINT, "SIGINT", "interrupted"},
      {SIGHUP, "SIGHUP", "hangup"},                {SIGTRAP, "SIGTRAP", "trap"},
  };
  for (const auto& s : kSignals) {
    if (s.number == signal) {
      return s.meaning == nullptr ? std::string(s.name) : std::string(s.name) + " (" + s.meaning + ")";
    }
  }
  if (const char* abbrev = sigabbrev_np(signal)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(signal);
}

std::string ExitStatus::describe() const {
  if (signaled) return "killed by " + signal_name(value);
  if (value < 0) return "exit status unknown (reaped elsewhere)";
  // A shell or the sandbox launcher reports a child killed by signal N as exit code 128+N.
  if (value > 128 && value < 128 + 32 && sigabbrev_np(value - 128) != nullptr) {
    return "killed by " + signal_name(value - 128) + " (reported as exit code " +
           std::to_string(value) + ")";
  }
  return "exited with code " + std::to_string(value);
}

std::unique_ptr<Child> Child::spawn(const SpawnOptions& options) {
  if (options.argv.empty()) throw std::invalid_argument("ipc: Child::spawn with an empty argv");
  if (options.inherit_fds.size() > kMaxInheritedFds) {
    throw std::invalid_argument("ipc: at most 64 inherited fds");
  }
  std::vector<std::string> args = options.launcher;
  args.insert(args.end(), options.argv.begin(), options.argv.end());
  std::vector<std::string> env = build_environment(options.extra_env);
  ExecPlan plan{resolve_program(args.front()), c_strings(args), c_strings(env), -1, -1, -1,
                &options.inherit_fds, options.die_with_parent, getpid(), &options.join_cgroup_fds};

  std::array<int, 2> out{-1, -1};
  std::array<int, 2> err{-1, -1};
  if (pipe2(out.data(), O_CLOEXEC) != 0) throw_errno("pipe2");
  if (pipe2(err.data(), O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    throw_errno("pipe2");
  }
  plan.null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  plan.output_fd = out[1];
  plan.error_fd = err[1];
  const pid_t pid = fork();
  if (pid == 0) exec_child(plan);
  const int fork_errno = errno;
  close(out[1]);
  close(err[1]);
  if (plan.null_fd >= 0) close(plan.null_fd);
  if (pid < 0) {
    close(out[0]);
    close(err[0]);
    errno = fork_errno;
    throw_errno("fork");
  }
  setpgid(pid, pid);  // also done by the child; whichever runs first wins the race to kill()
  const int exec_errno = read_exec_error(err[0]);
  close(err[0]);
  if (exec_errno != 0) {
    waitpid(pid, nullptr, 0);
    close(out[0]);
    throw std::runtime_error("ipc: cannot execute '" + plan.program + "': " +
                             std::strerror(exec_errno));
  }
  // Via syscall(): Debian 12's <sys/pidfd.h> lacks extern "C". -1 on old kernels: wait_until
  // then falls back to polling.
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  std::unique_ptr<OutputCapture> capture;
  try {
    capture = std::make_unique<OutputCapture>(out[0], options.output_limit);
  } catch (...) {  // no drain thread: do not leave a child behind that nobody supervises
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    if (pidfd >= 0) close(pidfd);
    throw;
  }
  return std::unique_ptr<Child>(new Child(pid, pidfd, std::move(capture)));
}

Child::Child(pid_t pid, int pidfd, std::unique_ptr<OutputCapture> capture)
    : pid_(pid), pidfd_(pidfd), capture_(std::move(capture)) {}

Child::~Child() {
  kill();
  capture_->stop();
  if (pidfd_ >= 0) close(pidfd_);
}

std::optional<ExitStatus> Child::reap_locked(bool block) {
  if (status_) return status_;
  siginfo_t info{};
  const int flags = WEXITED | WNOWAIT | (block ? 0 : WNOHANG);
  while (waitid(P_PID, static_cast<id_t>(pid_), &info, flags) != 0) {
    if (errno == EINTR) continue;
    status_ = ExitStatus{false, -1};  // ECHILD: someone else reaped it (SIGCHLD ignored?)
    return status_;
  }
  if (info.si_pid == 0) return std::nullopt;  // still running
  // The leader is a zombie until reaped, so its pgid cannot be reused: kill leftovers now.
  ::kill(-pid_, SIGKILL);
  int raw = 0;
  while (waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
  }
  status_ = decode(raw);
  // Everything the child wrote is in the pipe now: read it here rather than leave it to the
  // drain thread, which may not have run since (output() right after the exit would miss it).
  capture_->drain_now();
  return status_;
}

std::optional<ExitStatus> Child::poll() {
  const std::lock_guard lock(mutex_);
  return reap_locked(false);
}

std::optional<ExitStatus> Child::wait_until(Deadline deadline) {
  for (;;) {
    if (auto status = poll()) return status;
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return std::nullopt;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(left).count();
    const int timeout = static_cast<int>(std::clamp<long long>(ms + 1, 1, 100));
    if (pidfd_ >= 0) {
      pollfd fd{pidfd_, POLLIN, 0};
      ::poll(&fd, 1, timeout);
    } else {
      ::poll(nullptr, 0, 1);  // no pidfd: re-check every millisecond
    }
  }
}

ExitStatus Child::kill() {
  const std::lock_guard lock(mutex_);
  if (status_) return *status_;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);  // in case the group was never created
  return *reap_locked(true);
}

bool wait_process_gone(pid_t pid, Deadline deadline) {
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    if (errno == ESRCH) return true;
    throw std::system_error(errno, std::generic_category(), "ipc: pidfd_open");
  }
  bool gone = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd fd{pidfd, POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(std::max<std::int64_t>(0, left.count())));
    if (ready < 0 && errno == EINTR) continue;
    gone = ready > 0;
    if (gone || left.count() <= 0) break;
  }
  close(pidfd);
  return gone;
}

}  // namespace dslab::ipc
