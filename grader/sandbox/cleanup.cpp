// The stop-time cleanup registry and the stale sweep (see cleanup.hpp).
#include "grader/sandbox/cleanup.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace dslab::sandbox::cleanup {
namespace fs = std::filesystem;
namespace {

struct Item {
  Kind kind;
  fs::path path;
  pid_t pgid;
};

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::map<std::uint64_t, Item>& registry() {
  static std::map<std::uint64_t, Item> items;
  return items;
}
std::uint64_t next_id = 1;  // guarded by registry_mutex()
bool stopping = false;      // guarded by registry_mutex(): run_all() has begun

// A thread that would register or unregister something once the stop has begun waits here
// until the process ends: nothing new (a group, a sandbox, a directory) appears behind the
// cleanup's back, and no owner races it.
[[noreturn]] void park(std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

// remove_all, repeated: an owner thread may be removing the same tree at the same time.
void remove_tree(const fs::path& dir) {
  std::error_code ec;
  for (int attempt = 0; attempt < 20 && fs::exists(dir, ec); ++attempt) fs::remove_all(dir, ec);
}

void kill_cgroup(const fs::path& dir) {
  for (int round = 0; round < 200; ++round) {
    std::ifstream procs(dir / "cgroup.procs");
    bool any = false;
    for (pid_t pid = 0; procs >> pid;) {
      kill(pid, SIGKILL);
      any = true;
    }
    if (!any) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // tasks leave after SIGKILL
  }
}

void remove_cgroup(const fs::path& dir) {
  for (int attempt = 0; attempt < 200 && rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

[[noreturn]] void stop_by(int sig) {
  run_all();
  signal(sig, SIG_DFL);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
  raise(sig);
  _exit(128 + sig);
}

}  // namespace

Registration::Registration(Kind kind, fs::path path, pid_t pgid) {
  std::unique_lock lock(registry_mutex());
  if (stopping) park(lock);
  id_ = next_id++;
  registry().emplace(id_, Item{kind, std::move(path), pgid});
}

Registration::Registration(Registration&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

Registration& Registration::operator=(Registration&& other) noexcept {
  std::swap(id_, other.id_);
  return *this;
}

Registration::~Registration() {
  if (id_ == 0) return;
  std::unique_lock lock(registry_mutex());
  if (stopping) park(lock);
  registry().erase(id_);
}

void run_all() {
  std::map<std::uint64_t, Item> items;
  {
    std::lock_guard lock(registry_mutex());
    stopping = true;
    items = registry();
  }
  // Processes first (they may hold the directories), then groups, then files.
  for (const auto& [id, item] : items) {
    if (item.kind == Kind::kProcessGroup && item.pgid > 1) kill(-item.pgid, SIGKILL);
  }
  for (const auto& [id, item] : items) {
    if (item.kind == Kind::kCgroup) kill_cgroup(item.path);
  }
  for (const auto& [id, item] : items) {
    if (item.kind == Kind::kCgroup) remove_cgroup(item.path);
    if (item.kind == Kind::kDirectory) remove_tree(item.path);
  }
}

void install_stop_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    sigset_t stops;
    sigemptyset(&stops);
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&stops, sig);
    pthread_sigmask(SIG_BLOCK, &stops, nullptr);
    std::thread([stops] {
      int sig = 0;
      while (sigwait(&stops, &sig) != 0) {
      }
      stop_by(sig);
    }).detach();
  });
}

pid_t owner_pid(const std::string& name, const std::string& prefix) {
  if (name.rfind(prefix, 0) != 0) return 0;
  const auto end = name.find('-', prefix.size());
  const std::string digits = name.substr(prefix.size(), end == std::string::npos
                                                            ? std::string::npos
                                                            : end - prefix.size());
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return static_cast<pid_t>(std::stol(digits));
}

bool is_dead(pid_t pid) { return pid > 0 && kill(pid, 0) != 0 && errno == ESRCH; }

std::vector<fs::path> sweep_directories(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> removed;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const pid_t pid = owner_pid(entry.path().filename().string(), prefix);
    if (pid == 0 || !is_dead(pid) || entry.is_symlink(ec)) continue;
    fs::remove_all(entry.path(), ec);
    if (!ec) removed.push_back(entry.path());
  }
  return removed;
}

}  // namespace dslab::sandbox::cleanup
