// LocalCluster: fork/exec of node processes (own process group, death with the parent), their
// stdout read with poll() and deadlines, their stderr appended to a log file per node.
#include "runtime/net/local_cluster.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <stdexcept>

#include "runtime/ipc/child.hpp"

namespace dslab::net {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void sys_fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

LocalCluster::LocalCluster(LocalClusterOptions options)
    : options_(std::move(options)), config_(loopback_cluster(options_.replicas)) {
  std::filesystem::create_directories(options_.work_dir);
  cluster_file_ = options_.work_dir / "cluster.toml";
  std::ofstream(cluster_file_) << format_cluster(config_);
  for (NodeId id : config_.ids()) procs_[id];
}

LocalCluster::~LocalCluster() { stop_all(); }

void LocalCluster::start(NodeId id) {
  Proc& proc = procs_.at(id);
  if (proc.pid > 0) throw std::logic_error("node " + std::to_string(id) + " is already running");
  const std::string name = "node-" + std::to_string(id);
  std::vector<std::string> args = {options_.program.string(), "--id", std::to_string(id),
                                   "--cluster", cluster_file_.string(), "--data-dir",
                                   (options_.work_dir / ("data-" + std::to_string(id))).string(),
                                   "--log-level", options_.log_level};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  const std::string log_path = (options_.work_dir / (name + ".log")).string();
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) sys_fail("cannot open " + log_path);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ::close(log_fd);
    sys_fail("pipe");
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) sys_fail("fork");
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(log_fd, 2);
    ::execv(argv[0], argv.data());
    const char msg[] = "cannot execute the node program\n";
    [[maybe_unused]] auto n = ::write(2, msg, sizeof(msg) - 1);
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(pipe_fds[1]);
  ::close(log_fd);
  ::fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  proc.pid = pid;
  proc.out_fd = pipe_fds[0];
  proc.pending.clear();
  proc.paused = false;
  proc.killed = false;
  ++proc.incarnation;
  started_.push_back(pid);
}

void LocalCluster::start_all() {
  for (NodeId id : config_.ids()) start(id);
}

void LocalCluster::kill(NodeId id) {
  Proc& proc = procs_.at(id);
  if (proc.pid <= 0) return;
  proc.killed = true;
  ::kill(-proc.pid, SIGKILL);
  ::kill(proc.pid, SIGKILL);
  reap(id, proc, true);
}

void LocalCluster::pause(NodeId id) {
  Proc& proc = procs_.at(id);
  if (proc.pid <= 0 || proc.paused) return;
  ::kill(proc.pid, SIGSTOP);
  proc.paused = true;
}

void LocalCluster::resume(NodeId id) {
  Proc& proc = procs_.at(id);
  if (proc.pid <= 0 || !proc.paused) return;
  ::kill(proc.pid, SIGCONT);
  proc.paused = false;
}

int LocalCluster::terminate(NodeId id, std::chrono::milliseconds timeout) {
  Proc& proc = procs_.at(id);
  if (proc.pid <= 0) return -1;
  proc.killed = true;
  const pid_t pid = proc.pid;
  if (proc.paused) ::kill(pid, SIGCONT);
  ::kill(pid, SIGTERM);
  const bool gone = ipc::wait_process_gone(pid, ipc::deadline_in(timeout));
  if (!gone) ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  drain(id, proc);
  if (proc.out_fd >= 0) ::close(proc.out_fd);
  proc.out_fd = -1;
  proc.pid = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void LocalCluster::stop_all() {
  for (auto& [id, proc] : procs_) {
    if (proc.pid > 0) kill(id);
  }
}

bool LocalCluster::running(NodeId id) const { return procs_.at(id).pid > 0; }
bool LocalCluster::paused(NodeId id) const { return procs_.at(id).paused; }

std::vector<codec::Json> LocalCluster::current_events(NodeId id) const {
  const int incarnation = procs_.at(id).incarnation;
  std::vector<codec::Json> out;
  for (const auto& e : events_) {
    if (e.node == id && e.incarnation == incarnation) out.push_back(e.json);
  }
  return out;
}

std::optional<codec::Json> LocalCluster::last_output(NodeId id, std::string_view type) const {
  std::optional<codec::Json> last;
  for (const auto& e : current_events(id)) {
    if (e["event"] == "output" && (type.empty() || e["output"]["type"] == type)) last = e["output"];
  }
  return last;
}

std::optional<codec::Json> LocalCluster::first_output(NodeId id, std::string_view type) const {
  for (const auto& e : events_) {
    if (e.node == id && e.json["event"] == "output" &&
        (type.empty() || e.json["output"]["type"] == type)) {
      return e.json["output"];
    }
  }
  return std::nullopt;
}

bool LocalCluster::wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (done()) return true;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    read_ready(left);
  }
}

void LocalCluster::read_ready(std::chrono::milliseconds timeout) {
  std::vector<pollfd> fds;
  std::vector<NodeId> owners;
  for (auto& [id, proc] : procs_) {
    if (proc.out_fd >= 0) {
      fds.push_back({proc.out_fd, POLLIN, 0});
      owners.push_back(id);
    }
  }
  if (fds.empty()) {
    // Nothing to read: wait out the timeout on nothing, as poll() with no fds does.
    ::poll(nullptr, 0, static_cast<int>(timeout.count()));
    return;
  }
  const int n = ::poll(fds.data(), fds.size(), static_cast<int>(timeout.count()));
  if (n <= 0) return;
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if (fds[i].revents != 0) drain(owners[i], procs_.at(owners[i]));
  }
}

void LocalCluster::drain(NodeId id, Proc& proc) {
  if (proc.out_fd < 0) return;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(proc.out_fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // EAGAIN: nothing more for now
    if (n == 0) {       // EOF: the node exited
      ::close(proc.out_fd);
      proc.out_fd = -1;
      if (proc.pid > 0 && !proc.killed) reap(id, proc, false);
      return;
    }
    proc.pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = proc.pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      const std::string line = proc.pending.substr(start, nl - start);
      auto json = codec::Json::parse(line, nullptr, false);
      if (json.is_discarded() || !json.is_object()) continue;  // not an event line
      NodeEvent event{.node = id, .incarnation = proc.incarnation, .json = std::move(json)};
      if (!listener_ || listener_(event)) events_.push_back(std::move(event));
      if (!proc.events_file) {
        proc.events_file = std::make_shared<std::ofstream>(
            options_.work_dir / ("node-" + std::to_string(id) + ".events"), std::ios::app);
      }
      *proc.events_file << line << '\n';
    }
    proc.pending.erase(0, start);
  }
}

void LocalCluster::reap(NodeId id, Proc& proc, bool expected) {
  int status = 0;
  pid_t got;
  do {
    got = ::waitpid(proc.pid, &status, 0);
  } while (got < 0 && errno == EINTR);
  if (!expected && got == proc.pid) {
    const ipc::ExitStatus exit{.signaled = WIFSIGNALED(status) != 0,
                               .value = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)};
    unexpected_exits_.push_back("n" + std::to_string(id) + ": " + exit.describe());
  }
  if (proc.out_fd >= 0 && expected) {
    drain(id, proc);
    if (proc.out_fd >= 0) ::close(proc.out_fd);
    proc.out_fd = -1;
  }
  proc.pid = -1;
  proc.paused = false;
}

std::string LocalCluster::log_tail(NodeId id, int lines) const {
  std::ifstream in(options_.work_dir / ("node-" + std::to_string(id) + ".log"));
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(line);
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  std::string out;
  for (const auto& l : tail) out += "  " + l + "\n";
  return out;
}

}  // namespace dslab::net
