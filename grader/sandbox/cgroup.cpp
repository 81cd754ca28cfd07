// grader/sandbox/cgroup.cpp: creating, reading and removing the per-run control group (v2 or v1).
#include "grader/sandbox/cgroup.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>

namespace dslab::sandbox {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = "/sys/fs/cgroup";

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool write_text(const fs::path& file, const std::string& text) {
  const int fd = open(file.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

// The value after `key` in a "key value" per line file (memory.events, pids.events, ...).
std::uint64_t keyed_value(const fs::path& file, const std::string& key) {
  std::istringstream in(read_text(file));
  std::string k;
  std::uint64_t v = 0;
  while (in >> k >> v) {
    if (k == key) return v;
  }
  return 0;
}

std::uint64_t number_in(const fs::path& file) {
  std::uint64_t v = 0;
  std::istringstream(read_text(file)) >> v;
  return v;
}

// This process's cgroup path in the hierarchy that has `controller` ("" = the v2 line "0::").
std::optional<std::string> own_path(const std::string& controller) {
  std::istringstream in(read_text("/proc/self/cgroup"));
  for (std::string line; std::getline(in, line);) {
    const auto a = line.find(':');
    const auto b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1);
    const std::string path = line.substr(b + 1);
    if (controller.empty() ? line.rfind("0::", 0) == 0 : ("," + controllers + ",").find(
                                                              "," + controller + ",") != std::string::npos) {
      return path;
    }
  }
  return std::nullopt;
}

std::string fresh_name() {
  static std::atomic<unsigned> counter{0};
  return "dslab-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

// Kills what runs in, and removes, the dslab-<pid>-* groups under `parent` whose pid no longer
// exists (a grader killed by SIGKILL leaves its test binaries and sandboxes running).
std::vector<fs::path> remove_stale_siblings(const fs::path& parent) {
  std::vector<fs::path> removed;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const pid_t owner = cleanup::owner_pid(entry.path().filename().string(), "dslab-");
    if (owner == 0 || !cleanup::is_dead(owner)) continue;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (rmdir(entry.path().c_str()) != 0 && errno == EBUSY &&
           std::chrono::steady_clock::now() < until) {
      std::istringstream procs(read_text(entry.path() / "cgroup.procs"));
      for (pid_t pid = 0; procs >> pid;) kill(pid, SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // tasks leave after SIGKILL
    }
    if (!fs::exists(entry.path(), ec)) removed.push_back(entry.path());
  }
  return removed;
}

bool make_group(const fs::path& dir, std::string& why) {
  remove_stale_siblings(dir.parent_path());
  if (mkdir(dir.c_str(), 0755) != 0) {
    why = "cannot create " + dir.string() + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

// True when groups made under `dir` get the memory and pids controllers (enabling them if
// needed: that fails where `dir` itself holds processes, the "no internal processes" rule).
bool v2_has_controllers(const fs::path& dir) {
  auto both = [&] {
    const std::string enabled = " " + read_text(dir / "cgroup.subtree_control") + " ";
    return enabled.find("memory") != std::string::npos && enabled.find("pids") != std::string::npos;
  };
  if (both()) return true;
  write_text(dir / "cgroup.subtree_control", "+memory +pids");
  return both();
}

// Where to make a v2 group: under our own cgroup if it can delegate memory+pids, else beside
// it, under its parent (systemd scopes hold processes, so they cannot; their slice can).
std::optional<fs::path> v2_parent() {
  const auto own = own_path("");
  if (!own || !fs::exists(kRoot / "cgroup.controllers")) return std::nullopt;
  const fs::path dir = kRoot / fs::path(*own).relative_path();
  if (v2_has_controllers(dir)) return dir;
  if (dir != kRoot && v2_has_controllers(dir.parent_path())) return dir.parent_path();
  return std::nullopt;
}

// Moves a throwaway child into the group: some hierarchies refuse (v2 delegation rules, a
// read-only or foreign mount) although the directory was made. Only async-signal-safe calls
// in the child: the grader forks from several threads.
bool can_join(const std::vector<int>& procs_fds) {
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    for (int fd : procs_fds) {
      if (write(fd, "0", 1) != 1) _exit(1);
    }
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

Cgroup::Cgroup(bool v2, std::vector<fs::path> dirs) : v2_(v2), dirs_(std::move(dirs)) {
  for (const auto& dir : dirs_) registrations_.emplace_back(cleanup::Kind::kCgroup, dir);
}

std::vector<fs::path> Cgroup::sweep_stale() {
  std::vector<fs::path> parents;
  if (const auto parent = v2_parent()) {
    parents.push_back(*parent);
  } else {
    for (const char* controller : {"memory", "pids"}) {
      if (const auto own = own_path(controller)) {
        parents.push_back(kRoot / controller / fs::path(*own).relative_path());
      }
    }
  }
  std::vector<fs::path> removed;
  for (const auto& p : parents) {
    for (auto& r : remove_stale_siblings(p)) removed.push_back(std::move(r));
  }
  return removed;
}

std::unique_ptr<Cgroup> Cgroup::create(const GroupLimits& limits, std::string* why_not) {
  std::string why;
  std::unique_ptr<Cgroup> group;
  if (const auto parent = v2_parent()) {
    const fs::path dir = *parent / fresh_name();
    if (make_group(dir, why)) group.reset(new Cgroup(true, {dir}));
  } else {
    const auto mem = own_path("memory");
    const auto pids = own_path("pids");
    if (!mem || !pids || !fs::exists(kRoot / "memory") || !fs::exists(kRoot / "pids")) {
      why = "no cgroup v2 with memory+pids and no cgroup v1 memory and pids hierarchies";
    } else {
      const std::string name = fresh_name();
      const fs::path mem_dir = kRoot / "memory" / fs::path(*mem).relative_path() / name;
      const fs::path pids_dir = kRoot / "pids" / fs::path(*pids).relative_path() / name;
      if (make_group(mem_dir, why)) {
        if (make_group(pids_dir, why)) {
          group.reset(new Cgroup(false, {mem_dir, pids_dir}));
        } else {
          rmdir(mem_dir.c_str());
        }
      }
    }
  }
  if (!group) {
    if (why_not != nullptr) *why_not = why;
    return nullptr;
  }
  const fs::path& mem_dir = group->dirs_.front();
  const fs::path& pids_dir = group->dirs_.back();
  bool ok = true;
  if (limits.memory_bytes != 0) {
    const std::string bytes = std::to_string(limits.memory_bytes);
    if (group->v2_) {
      ok = write_text(mem_dir / "memory.max", bytes) && write_text(mem_dir / "memory.swap.max", "0");
    } else {
      ok = write_text(mem_dir / "memory.limit_in_bytes", bytes);
      if (fs::exists(mem_dir / "memory.memsw.limit_in_bytes")) {  // swap accounting is optional
        ok = ok && write_text(mem_dir / "memory.memsw.limit_in_bytes", bytes);
      }
    }
  }
  if (ok && limits.max_processes != 0) {
    ok = write_text(pids_dir / "pids.max", std::to_string(limits.max_processes));
  }
  for (const auto& dir : group->dirs_) {
    const int fd = open((dir / "cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) ok = false;
    else group->procs_fds_.push_back(fd);
  }
  if (!ok) {
    if (why_not != nullptr) *why_not = "cannot set the limits of " + mem_dir.string() + ": " + std::strerror(errno);
    return nullptr;  // the destructor removes the directories
  }
  if (!can_join(group->procs_fds_)) {
    if (why_not != nullptr) *why_not = "cannot move a process into " + mem_dir.string();
    return nullptr;
  }
  return group;
}

Cgroup::~Cgroup() {
  for (int fd : procs_fds_) close(fd);
  kill_all();
  for (const auto& dir : dirs_) {
    // A killed task leaves the group a moment after SIGKILL: retry briefly, then give up (an
    // empty group left behind is removed by the next create() once this process is gone).
    for (int attempt = 0; attempt < 200 && rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

std::vector<int> Cgroup::pids() const {
  std::vector<int> out;
  std::istringstream in(read_text(dirs_.front() / "cgroup.procs"));
  for (int pid = 0; in >> pid;) out.push_back(pid);
  return out;
}

void Cgroup::kill_all() const {
  if (v2_ && write_text(dirs_.front() / "cgroup.kill", "1")) return;  // Linux >= 5.14
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (auto left = pids(); !left.empty() && std::chrono::steady_clock::now() < until; left = pids()) {
    for (int pid : left) kill(pid, SIGKILL);  // a fork racing with this is caught next round
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

GroupUsage Cgroup::usage() const {
  GroupUsage u;
  const fs::path& mem = dirs_.front();
  const fs::path& pids = dirs_.back();
  if (v2_) {
    u.peak_memory_bytes = number_in(mem / "memory.peak");  // Linux >= 5.19, else 0
    u.memory_limit_hit = keyed_value(mem / "memory.events", "oom_kill") > 0;
  } else {
    u.peak_memory_bytes = number_in(mem / "memory.max_usage_in_bytes");
    u.memory_limit_hit = keyed_value(mem / "memory.oom_control", "oom_kill") > 0;
  }
  u.process_limit_hit = keyed_value(pids / "pids.events", "max") > 0;
  return u;
}

std::string violation(const GroupUsage& usage, const GroupLimits& limits, const std::string& what) {
  if (usage.memory_limit_hit) {
    return what + " together used more than " + std::to_string(limits.memory_bytes >> 20) +
           " MiB of memory: the sandbox's bound killed a process (out of memory)";
  }
  if (usage.process_limit_hit) {
    return what + " tried to run more than " + std::to_string(limits.max_processes) +
           " processes and threads at once: the sandbox's bound refused the fork";
  }
  return "";
}

std::string describe(const Cgroup& group, const GroupLimits& limits) {
  std::string out = group.version() + " (";
  if (limits.memory_bytes != 0) out += "memory " + std::to_string(limits.memory_bytes >> 20) + " MiB";
  if (limits.memory_bytes != 0 && limits.max_processes != 0) out += ", ";
  if (limits.max_processes != 0) out += std::to_string(limits.max_processes) + " tasks";
  return out + ")";
}

}  // namespace dslab::sandbox
