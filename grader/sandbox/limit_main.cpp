// dslab-limit: trusted launcher + supervisor run inside the sandbox (rlimits, uid drop, tree kill).
//
// It forks once: the child sets the limits, drops to the sandbox uid, sets no_new_privs and
// execs the untrusted program; the parent stays (as root when it was root, so the program
// cannot signal it), becomes the subreaper of the tree, enforces the wall-clock limit, kills
// the whole tree when the program ends, and reports exit status and CPU on --status-fd.
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "grader/sandbox/limit_options.hpp"
#include "grader/sandbox/limit_root.hpp"
#include "grader/sandbox/seccomp.hpp"
#include "grader/sandbox/status.hpp"

namespace dslab::sandbox::limit {
namespace {

constexpr int kSetupFailed = 125;

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void setup_failure(const Options& o, const std::string& message) {
  write_all(STDERR_FILENO, "dslab-limit: " + message + "\n");
  if (o.status_fd >= 0) {
    LimitStatus status;
    status.error = message;
    write_all(o.status_fd, format_status(status));
  }
  _exit(kSetupFailed);
}

// Closes every descriptor above 2 that is not in `keep` (sorted copy).
void close_other_fds(std::vector<int> keep) {
  keep.push_back(2);
  std::sort(keep.begin(), keep.end());
  unsigned low = 3;
  for (int fd : keep) {
    if (fd >= static_cast<int>(low)) {
      if (fd > static_cast<int>(low)) close_range(low, static_cast<unsigned>(fd) - 1, 0);
      low = static_cast<unsigned>(fd) + 1;
    }
  }
  close_range(low, ~0U, 0);
}

// ---- child side: runs between fork and exec; reports failures on `err_fd` ------------------

[[noreturn]] void child_fail(int err_fd, const char* step) {
  std::string msg = std::string(step) + ": " + std::strerror(errno);
  write_all(err_fd, msg);
  _exit(127);
}

void set_limit(int err_fd, int resource, std::uint64_t soft, std::uint64_t hard, const char* n) {
  rlimit lim{static_cast<rlim_t>(soft), static_cast<rlim_t>(hard)};
  if (setrlimit(resource, &lim) != 0) child_fail(err_fd, n);
}

void apply_limits(const Options& o, int err_fd) {
  set_limit(err_fd, RLIMIT_CORE, 0, 0, "setrlimit(CORE)");
  if (o.cpu_seconds) set_limit(err_fd, RLIMIT_CPU, o.cpu_seconds, o.cpu_seconds + 1, "CPU");
  if (o.address_space) set_limit(err_fd, RLIMIT_AS, o.address_space, o.address_space, "AS");
  if (o.processes) set_limit(err_fd, RLIMIT_NPROC, o.processes, o.processes, "NPROC");
  if (o.file_size) set_limit(err_fd, RLIMIT_FSIZE, o.file_size, o.file_size, "FSIZE");
  if (o.open_files) set_limit(err_fd, RLIMIT_NOFILE, o.open_files, o.open_files, "NOFILE");
}

void drop_identity(const Options& o, int err_fd) {
  if (!o.uid) return;
  for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  if (setgroups(0, nullptr) != 0) child_fail(err_fd, "setgroups");
  if (setresgid(*o.gid, *o.gid, *o.gid) != 0) child_fail(err_fd, "setresgid");
  if (setresuid(*o.uid, *o.uid, *o.uid) != 0) child_fail(err_fd, "setresuid");
  if (getuid() != *o.uid || geteuid() != *o.uid) child_fail(err_fd, "uid drop did not stick");
}

std::string search_path(const Options& o) {
  const std::string& name = o.argv[0];
  if (name.find('/') != std::string::npos) return name;
  std::string path = "/usr/bin:/bin";
  for (const std::string& kv : o.env) {
    if (kv.rfind("PATH=", 0) == 0) path = kv.substr(5);
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t colon = std::min(path.find(':', start), path.size());
    std::string candidate = path.substr(start, colon - start) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = colon + 1;
  }
  return name;
}

// The filter goes on last, so that nothing dslab-limit itself does needs a denied call.
void apply_seccomp(const std::vector<sock_filter>& filter, int err_fd) {
  if (filter.empty()) return;
  if (int err = seccomp::install(filter); err != 0) {
    errno = err;
    child_fail(err_fd, "seccomp filter");
  }
}

[[noreturn]] void exec_child(const Options& o, int err_fd, const sigset_t& old_mask,
                             const std::vector<sock_filter>& filter) {
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  if (setsid() < 0) child_fail(err_fd, "setsid");
  apply_limits(o, err_fd);
  drop_identity(o, err_fd);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail(err_fd, "no_new_privs");
  if (!o.chdir.empty() && chdir(o.chdir.c_str()) != 0) child_fail(err_fd, "chdir");
  std::vector<char*> argv, envp;
  for (const std::string& a : o.argv) argv.push_back(const_cast<char*>(a.c_str()));
  for (const std::string& e : o.env) envp.push_back(const_cast<char*>(e.c_str()));
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  std::string program = search_path(o);
  apply_seccomp(filter, err_fd);
  execve(program.c_str(), argv.data(), envp.data());
  errno = errno == 0 ? ENOENT : errno;
  child_fail(err_fd, ("exec " + o.argv[0]).c_str());
}

// ---- supervisor side --------------------------------------------------------------------------

// Without a pid namespace kill(-1) would hit the whole machine: kill our descendants instead,
// round after round, until none is left (a fork bomb cannot outrun SIGKILL for long).
void kill_descendants() {
  for (int round = 0; round < 1000; ++round) {
    std::multimap<pid_t, pid_t> children;  // ppid -> pid
    DIR* proc = opendir("/proc");
    if (proc == nullptr) return;
    while (dirent* entry = readdir(proc)) {
      pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
      if (pid <= 0) continue;
      std::string path = std::string("/proc/") + entry->d_name + "/stat";
      FILE* f = std::fopen(path.c_str(), "re");
      if (f == nullptr) continue;
      char buf[512] = {};
      std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
      std::fclose(f);
      const char* paren = std::strrchr(buf, ')');
      int ppid = 0;
      if (n > 0 && paren != nullptr && std::sscanf(paren + 1, " %*c %d", &ppid) == 1) {
        children.emplace(static_cast<pid_t>(ppid), pid);
      }
    }
    closedir(proc);
    std::vector<pid_t> todo{getpid()}, found;
    while (!todo.empty()) {
      pid_t parent = todo.back();
      todo.pop_back();
      auto [lo, hi] = children.equal_range(parent);
      for (auto it = lo; it != hi; ++it) {
        found.push_back(it->second);
        todo.push_back(it->second);
      }
    }
    if (found.empty()) return;
    for (pid_t pid : found) kill(pid, SIGKILL);
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }
}

// Kills every process of the sandbox except ourselves and reaps them all (we are subreaper).
void kill_tree(bool pid_namespace) {
  for (int round = 0; round < 100; ++round) {
    if (pid_namespace) {
      if (kill(-1, SIGKILL) != 0 && errno == ESRCH) break;
    } else {
      kill_descendants();
    }
    while (waitpid(-1, nullptr, 0) > 0 || errno == EINTR) {
    }
    if (!pid_namespace) break;
  }
}

std::uint64_t micros(const timeval& tv) {
  return static_cast<std::uint64_t>(tv.tv_sec) * 1000000ULL +
         static_cast<std::uint64_t>(tv.tv_usec);
}

// Waits for the main process, the deadline, or a stop request. Fills exit/signal/timed_out.
void wait_main(pid_t main_pid, const Options& o, const sigset_t& waited, LimitStatus& st) {
  timespec start{};
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      if (pid != main_pid) continue;
      if (WIFEXITED(status)) st.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) st.signal = WTERMSIG(status);
      return;
    }
    int sig = 0;
    if (o.wall_ms == 0) {
      sig = sigwaitinfo(&waited, nullptr);
    } else {
      timespec now{};
      clock_gettime(CLOCK_MONOTONIC, &now);
      long long elapsed_ms = (now.tv_sec - start.tv_sec) * 1000LL +
                             (now.tv_nsec - start.tv_nsec) / 1000000LL;
      long long left = static_cast<long long>(o.wall_ms) - elapsed_ms;
      if (left <= 0) {
        st.timed_out = true;
        return;
      }
      timespec wait{static_cast<time_t>(left / 1000), static_cast<long>(left % 1000) * 1000000L};
      sig = sigtimedwait(&waited, nullptr, &wait);
    }
    if (sig > 0 && sig != SIGCHLD) {
      st.signal = sig;  // asked to stop: report the request as the cause
      return;
    }
  }
}

int supervise(const Options& o) {
  if (o.pid_namespace && getpid() > 2) setup_failure(o, "--pidns given but not in a new pid ns");
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) setup_failure(o, "cannot be subreaper");
  sigset_t waited, old_mask;
  sigemptyset(&waited);
  for (int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT}) sigaddset(&waited, sig);
  sigprocmask(SIG_BLOCK, &waited, &old_mask);
  std::vector<sock_filter> filter;
  if (o.seccomp) {
    if (!seccomp::available()) setup_failure(o, "no seccomp filter for this architecture");
    filter = seccomp::program();
  }
  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0) setup_failure(o, "pipe: " + std::string(strerror(errno)));
  pid_t main_pid = fork();
  if (main_pid < 0) setup_failure(o, "fork: " + std::string(std::strerror(errno)));
  if (main_pid == 0) {
    close(err_pipe[0]);
    exec_child(o, err_pipe[1], old_mask, filter);
  }
  close(err_pipe[1]);
  std::string exec_error;
  char buf[256];
  ssize_t n;
  while ((n = read(err_pipe[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) exec_error.append(buf, static_cast<std::size_t>(n));
  }
  close(err_pipe[0]);
  LimitStatus st;
  if (exec_error.empty()) wait_main(main_pid, o, waited, st);
  kill_tree(o.pid_namespace);
  if (!exec_error.empty()) setup_failure(o, exec_error);
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  st.cpu_us = micros(usage.ru_utime) + micros(usage.ru_stime);
  st.max_rss_kb = static_cast<std::uint64_t>(usage.ru_maxrss);
  if (o.status_fd >= 0) write_all(o.status_fd, format_status(st));
  if (st.timed_out) return 124;
  return st.signal != 0 ? 128 + st.signal : st.exit_code;
}

}  // namespace
}  // namespace dslab::sandbox::limit

int main(int argc, char** argv) {
  using namespace dslab::sandbox::limit;
  std::string error;
  Options o = parse_options(argc, argv, error);
  if (!error.empty()) {
    std::fprintf(stderr, "dslab-limit: %s\n%s", error.c_str(), usage());
    if (o.status_fd >= 0) setup_failure(o, error);
    return kSetupFailed;
  }
  std::vector<int> keep = o.keep_fds;
  if (o.status_fd >= 0) {
    keep.push_back(o.status_fd);
    if (fcntl(o.status_fd, F_SETFD, FD_CLOEXEC) != 0) setup_failure(o, "bad --status-fd");
  }
  close_other_fds(keep);
  if (o.setup_root) {
    if (std::string e = setup_root(o.mounts); !e.empty()) setup_failure(o, e);
    if (std::string e = bring_up_loopback(); !e.empty()) setup_failure(o, e);
  }
  return supervise(o);
}
