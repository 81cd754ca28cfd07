// Probing the machine for usable confinement (trial runs of bwrap, unshare and a uid drop).
#include "grader/sandbox/isolation.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "grader/sandbox/command.hpp"
#include "grader/sandbox/seccomp.hpp"

namespace dslab::sandbox {
namespace {

std::string find_in_path(const std::string& name) {
  const char* env = std::getenv("PATH");
  std::string path = env != nullptr ? env : "/usr/bin:/bin";
  path += ":/usr/bin:/bin:/usr/sbin:/sbin";
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t colon = std::min(path.find(':', start), path.size());
    std::string candidate = path.substr(start, colon - start) + "/" + name;
    if (candidate[0] == '/' && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = colon + 1;
  }
  return "";
}

// Runs argv with all stdio on /dev/null; true iff it exits 0 within 10 seconds.
bool trial_run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd <= 2; ++fd) dup2(null, fd);
    setsid();
    execv(argv[0], argv.data());
    _exit(127);
  }
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    while (poll(&p, 1, 10000) < 0 && errno == EINTR) {
    }
    if (p.revents == 0) kill(pid, SIGKILL);
    close(pidfd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

Isolation probe() {
  Isolation iso;
  iso.is_root = geteuid() == 0;
  iso.bwrap_path = find_in_path("bwrap");
  iso.unshare_path = find_in_path("unshare");
  std::string limiter = default_limiter_path().string();
  std::string truth = access("/usr/bin/true", X_OK) == 0 ? "/usr/bin/true" : "/bin/true";
  if (iso.is_root) {
    iso.can_change_uid = trial_run({limiter, "--uid", "65534", "--gid", "65534", "--", truth});
    if (!iso.can_change_uid) iso.notes += "dslab-limit could not drop to uid 65534; ";
  }
  if (iso.bwrap_path.empty()) {
    iso.notes += "bwrap not found; ";
  } else {
    std::vector<std::string> args{iso.bwrap_path};
    if (!iso.is_root) args.emplace_back("--unshare-user");
    args.insert(args.end(), {"--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                             "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc",
                             "--dev", "/dev", "--", truth});
    iso.bwrap_usable = trial_run(args);
    if (!iso.bwrap_usable) iso.notes += "bwrap found but a trial sandbox failed; ";
  }
  if (iso.is_root && !iso.unshare_path.empty()) {
    iso.unshare_usable = trial_run({iso.unshare_path, "--pid", "--fork", "--kill-child", "--net",
                                    "--ipc", "--uts", "--mount", "--propagation", "private",
                                    "--", truth});
    if (!iso.unshare_usable) iso.notes += "unshare found but a trial run failed; ";
  } else if (!iso.is_root) {
    iso.notes += "unshare backend needs root; ";
  }
  iso.best = iso.bwrap_usable ? Backend::kBwrap
                              : (iso.unshare_usable ? Backend::kUnshare : Backend::kNone);
  iso.level = isolation_level(iso.best, iso, 65534, seccomp::available());
  return iso;
}

}  // namespace

const Isolation& detect() {
  static const Isolation isolation = probe();
  return isolation;
}

Backend resolve(Backend requested, const Isolation& iso) {
  switch (requested) {
    case Backend::kAuto: return iso.best;
    case Backend::kBwrap:
      if (!iso.bwrap_usable) throw std::runtime_error("sandbox: bwrap backend unusable: " + iso.notes);
      return requested;
    case Backend::kUnshare:
      if (!iso.unshare_usable) {
        throw std::runtime_error("sandbox: unshare backend unusable: " + iso.notes);
      }
      return requested;
    case Backend::kNone: return requested;
  }
  throw std::runtime_error("sandbox: unknown backend");
}

std::string isolation_level(Backend backend, const Isolation& iso, uid_t uid, bool seccomp) {
  bool drop = iso.is_root && iso.can_change_uid;
  std::string who = drop ? "+uid " + std::to_string(uid) : "";
  const std::string filter = seccomp ? std::string("+seccomp ") + seccomp::kFilterName : "";
  switch (backend) {
    case Backend::kBwrap:
      return "bwrap" + (drop ? who : std::string("(userns)")) + "+rlimits" + filter;
    case Backend::kUnshare: return "unshare" + who + "+rlimits" + filter;
    case Backend::kAuto:
    case Backend::kNone: break;
  }
  return (drop ? who.substr(1) + "+rlimits" : std::string("rlimits-only")) + filter +
         " (not confined)";
}

}  // namespace dslab::sandbox
