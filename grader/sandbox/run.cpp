// run(): launch the sandbox, feed stdin, capture bounded output, enforce the backstop deadline.
#include "grader/sandbox/run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <stdexcept>
#include <system_error>

#include "grader/sandbox/cleanup.hpp"
#include "grader/sandbox/command.hpp"
#include "grader/sandbox/status.hpp"

namespace dslab::sandbox {
namespace {

using Clock = std::chrono::steady_clock;
// Time the outer backstop grants beyond the wall limit before it kills the sandbox itself
// (the supervisor inside normally enforces the limit and reports first).
constexpr auto kBackstopGrace = std::chrono::seconds(3);
// After the launcher is gone, how long to keep draining pipes an escaped process might hold.
constexpr auto kDrainGrace = std::chrono::seconds(1);

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), "sandbox: " + what);
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

struct Capture {
  Fd fd;
  std::string data;
  std::uint64_t total = 0;
  std::size_t limit = 0;
  bool open = true;
};

// A read-only descriptor whose content is `data`: stdin without pipes, deadlocks or SIGPIPE.
int make_stdin(std::string_view data) {
  Fd mem(memfd_create("dslab-stdin", MFD_CLOEXEC));
  if (mem.get() < 0) throw_errno("memfd_create");
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(mem.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw_errno("writing stdin");
    done += static_cast<std::size_t>(n);
  }
  std::string self = "/proc/self/fd/" + std::to_string(mem.get());
  int ro = open(self.c_str(), O_RDONLY | O_CLOEXEC);
  if (ro < 0) throw_errno("reopening stdin");
  return ro;
}

struct ChildPlan {
  std::vector<char*> argv;
  int sources[4];   // stdin, stdout, stderr, status (parent's fds)
  int targets[4];   // 0, 1, 2, status fd number in the child
  const std::vector<int>* keep;
  const std::vector<int>* join_cgroups;  // cgroup.procs fds: written "0" before exec
};

// Runs in the forked child: only async-signal-safe calls.
[[noreturn]] void exec_launcher(const ChildPlan& plan) {
  setsid();
  for (int fd : *plan.join_cgroups) {
    if (write(fd, "0", 1) != 1) {
      static const char msg[] = "sandbox: cannot join the run's cgroup\n";
      [[maybe_unused]] ssize_t ignored = write(plan.sources[2], msg, sizeof msg - 1);
      _exit(125);
    }
  }
  int moved[4];
  int above = plan.targets[3] + 1;
  for (int i = 0; i < 4; ++i) moved[i] = fcntl(plan.sources[i], F_DUPFD_CLOEXEC, above);
  for (int i = 0; i < 4; ++i) {
    if (moved[i] < 0 || dup2(moved[i], plan.targets[i]) < 0) _exit(125);
  }
  for (int fd : *plan.keep) fcntl(fd, F_SETFD, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execv(plan.argv[0], plan.argv.data());
  static const char msg[] = "sandbox: cannot exec the launcher\n";
  [[maybe_unused]] ssize_t ignored = write(2, msg, sizeof msg - 1);
  _exit(125);
}

void drain(Capture& c) {
  char buf[65536];
  ssize_t n = read(c.fd.get(), buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    c.open = false;
    return;
  }
  c.total += static_cast<std::uint64_t>(n);
  std::size_t room = c.limit > c.data.size() ? c.limit - c.data.size() : 0;
  c.data.append(buf, std::min(room, static_cast<std::size_t>(n)));
}

struct Watch {
  pid_t pid;
  Fd pidfd;
  Clock::time_point deadline;
  bool exited = false;
  bool killed = false;
  int status = 0;
};

// Polls the three captures and the launcher until all pipes closed or time runs out.
void pump(Capture* captures, Watch& w) {
  for (;;) {
    bool any_open = std::any_of(captures, captures + 3, [](const Capture& c) { return c.open; });
    if (!any_open) return;
    auto now = Clock::now();
    if (now >= w.deadline) {
      if (w.exited || w.killed) return;  // drain grace over / backstop already fired
      kill(-w.pid, SIGKILL);
      kill(w.pid, SIGKILL);
      w.killed = true;
      w.deadline = now + kDrainGrace;
      continue;
    }
    pollfd fds[4];
    for (int i = 0; i < 3; ++i) fds[i] = {captures[i].open ? captures[i].fd.get() : -1, POLLIN, 0};
    fds[3] = {w.exited ? -1 : w.pidfd.get(), POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(w.deadline - now).count();
    int ready = poll(fds, 4, static_cast<int>(std::min<long long>(left + 1, 1 << 30)));
    if (ready < 0 && errno != EINTR) throw_errno("poll");
    for (int i = 0; i < 3; ++i) {
      if (fds[i].revents != 0) drain(captures[i]);
    }
    if (fds[3].revents != 0 && !w.exited) {
      w.exited = waitpid(w.pid, &w.status, WNOHANG) == w.pid;
      if (w.exited && !w.killed) w.deadline = std::min(w.deadline, Clock::now() + kDrainGrace);
    }
  }
}

void fill_result(RunResult& r, const std::string& status_text, const Watch& w) {
  std::optional<LimitStatus> st = parse_status(status_text.substr(0, status_text.find('\n')));
  if (st && !st->error.empty()) {
    r.sandbox_error = st->error;
  } else if (st) {
    if (st->signal == 0 && !st->timed_out) r.exit_code = st->exit_code;
    r.signal = st->timed_out ? 0 : st->signal;
    r.timed_out = st->timed_out;
    r.cpu_seconds = static_cast<double>(st->cpu_us) / 1e6;
    r.max_rss_bytes = st->max_rss_kb * 1024;
  } else if (w.killed) {
    r.timed_out = true;  // the supervisor never reported: the backstop killed everything
  } else {
    int code = WIFEXITED(w.status) ? WEXITSTATUS(w.status) : 128 + WTERMSIG(w.status);
    std::string first = r.stderr_data.substr(0, r.stderr_data.find('\n'));
    r.sandbox_error = "launcher ended (status " + std::to_string(code) +
                      ") without a report" + (first.empty() ? "" : ": " + first);
  }
  if (r.signal != 0) r.signal_name = signal_name(r.signal);
  r.output_truncated = r.stdout_bytes > r.stdout_data.size() ||
                       r.stderr_bytes > r.stderr_data.size();
}

}  // namespace

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "SIG" + std::to_string(signal);
}

std::string describe(const RunResult& r) {
  std::string head;
  if (!r.sandbox_error.empty()) head = "sandbox error: " + r.sandbox_error;
  else if (r.timed_out) head = "timed out";
  else if (r.signal != 0) head = "killed by " + r.signal_name;
  else head = "exit " + std::to_string(r.exit_code.value_or(-1));
  if (r.group_usage.memory_limit_hit) head += " (the run's memory limit was reached: OOM kill)";
  if (r.group_usage.process_limit_hit) head += " (the run's process limit was reached)";
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, ", cpu %.2fs, wall %.2fs, out %llu B, err %llu B%s",
                r.cpu_seconds, r.wall_seconds, static_cast<unsigned long long>(r.stdout_bytes),
                static_cast<unsigned long long>(r.stderr_bytes),
                r.output_truncated ? " (truncated)" : "");
  return head + numbers + " [" + r.isolation + "]";
}

RunResult run(const Policy& policy, const std::vector<std::string>& argv,
              std::string_view stdin_data) {
  if (argv.empty() || argv[0].empty()) throw std::invalid_argument("sandbox: empty argv");
  int status_target = 3;
  for (int fd : policy.keep_fds) status_target = std::max(status_target, fd + 1);
  Launch launch = plan_launch(policy, status_target);
  std::vector<std::string> args = launch.prefix;
  args.insert(args.end(), argv.begin(), argv.end());

  Fd in(make_stdin(stdin_data));
  Capture caps[3];  // stdout, stderr, status
  int write_ends[3];
  for (Capture& c : caps) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) throw_errno("pipe");
    c.fd.reset(p[0]);
    write_ends[&c - caps] = p[1];
    fcntl(p[0], F_SETFL, O_NONBLOCK);
  }
  Fd w_out(write_ends[0]), w_err(write_ends[1]), w_status(write_ends[2]);
  caps[0].limit = caps[1].limit = policy.max_output_bytes;
  caps[2].limit = 4096;

  // A group bounding the whole run, where the machine allows one; it outlives the run's
  // processes (its destructor kills leftovers and removes it).
  const GroupLimits group_limits{policy.group_memory_bytes, policy.group_max_processes};
  std::string group_error;
  std::unique_ptr<Cgroup> group;
  if (group_limits.memory_bytes != 0 || group_limits.max_processes != 0) {
    group = Cgroup::create(group_limits, &group_error);
  }
  const std::vector<int> no_fds;
  ChildPlan plan{{}, {in.get(), w_out.get(), w_err.get(), w_status.get()},
                 {0, 1, 2, status_target}, &policy.keep_fds,
                 group ? &group->procs_fds() : &no_fds};
  for (std::string& a : args) plan.argv.push_back(a.data());
  plan.argv.push_back(nullptr);

  auto start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) exec_launcher(plan);
  // The launcher's session (setsid: its pgid is its pid) dies with a grader stopped by a signal.
  const cleanup::Registration session(cleanup::Kind::kProcessGroup, {}, pid);
  w_out.reset();
  w_err.reset();
  w_status.reset();
  in.reset();

  Watch watch{pid, Fd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0))),
              start + policy.wall + kBackstopGrace};
  if (watch.pidfd.get() < 0) throw_errno("pidfd_open");
  pump(caps, watch);
  if (!watch.exited && !watch.killed) {  // pipes closed: the launcher is about to exit
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(watch.deadline -
                                                                      Clock::now());
    pollfd p{watch.pidfd.get(), POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::max<long long>(left.count(), 0))) <= 0) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      watch.killed = true;
    }
  }
  if (!watch.exited) {
    while (waitpid(pid, &watch.status, 0) < 0 && errno == EINTR) {
    }
  }
  RunResult r;
  r.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.stdout_data = std::move(caps[0].data);
  r.stderr_data = std::move(caps[1].data);
  r.stdout_bytes = caps[0].total;
  r.stderr_bytes = caps[1].total;
  r.isolation = launch.level;
  fill_result(r, caps[2].data, watch);
  if (group) {
    group->kill_all();
    r.group = describe(*group, group_limits);
    r.group_version = group->version();
    r.group_usage = group->usage();
    r.isolation += "+" + group->version();
  } else {
    r.group_error = group_error;
  }
  return r;
}

}  // namespace dslab::sandbox
