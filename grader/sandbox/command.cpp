// Builds bwrap / unshare / plain command lines around dslab-limit from a Policy.
#include "grader/sandbox/command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "grader/sandbox/limit_options.hpp"
#include "runtime/env/env.hpp"

#ifndef DSLAB_LIMITER_PATH
#define DSLAB_LIMITER_PATH "dslab-limit"
#endif

namespace dslab::sandbox {
namespace {

using limit::MountOp;
using Kind = MountOp::Kind;
namespace fs = std::filesystem;

constexpr const char* kLimiterInside = "/run/dslab-limit";

// True if an earlier step already put something at `path` (or it is the root).
bool planned(const std::vector<MountOp>& plan, const fs::path& path) {
  if (path == "/") return true;
  for (const MountOp& op : plan) {
    if (op.dest == path.string()) return true;
  }
  return false;
}

// bwrap would create missing parents as 0700 root, which the sandbox uid cannot traverse:
// create them explicitly, world-readable, outermost first.
void plan_parents(const fs::path& dest, std::vector<MountOp>& plan) {
  std::vector<fs::path> missing;
  for (fs::path p = dest.parent_path(); !planned(plan, p); p = p.parent_path()) {
    missing.push_back(p);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    plan.push_back({Kind::kDir, "", it->string(), 0});
  }
}

// The system directories as the host has them: real directories are bound read-only,
// symlinks (/lib -> usr/lib on merged-/usr systems) are recreated.
void plan_system(std::vector<MountOp>& plan) {
  for (const char* dir : {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
    struct stat st {};
    if (lstat(dir, &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) {
      plan.push_back({Kind::kSymlink, fs::read_symlink(dir).string(), dir, 0});
    } else if (S_ISDIR(st.st_mode)) {
      plan.push_back({Kind::kRoBind, dir, dir, 0});
    }
  }
  for (const char* etc : {"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
                          "/etc/alternatives"}) {
    if (access(etc, F_OK) != 0) continue;
    plan_parents(etc, plan);
    plan.push_back({Kind::kRoBind, etc, etc, 0});
  }
}

void plan_binds(const std::vector<Bind>& binds, Kind kind, std::vector<MountOp>& plan) {
  for (const Bind& b : binds) {
    fs::path host = fs::canonical(b.host);  // symlinks would resolve differently inside
    fs::path dest = (b.sandbox.empty() ? b.host : b.sandbox).lexically_normal();
    plan_parents(dest, plan);
    plan.push_back({kind, host.string(), dest.string(), 0});
  }
}

std::vector<MountOp> plan_mounts(const Policy& policy, bool bind_limiter, const fs::path& lim) {
  std::vector<MountOp> plan;
  if (policy.bind_system) plan_system(plan);
  plan.push_back({Kind::kProc, "", "/proc", 0});
  plan.push_back({Kind::kDev, "", "/dev", 0});
  plan.push_back({Kind::kTmpfs, "", "/tmp", policy.tmp_bytes});
  plan.push_back({Kind::kDir, "", "/run", 0});
  if (bind_limiter) plan.push_back({Kind::kRoBind, lim.string(), kLimiterInside, 0});
  plan_binds(policy.ro_binds, Kind::kRoBind, plan);
  plan_binds(policy.rw_binds, Kind::kRwBind, plan);
  return plan;
}

void add_mount_args(const std::vector<MountOp>& plan, bool for_bwrap,
                    std::vector<std::string>& out) {
  for (const MountOp& op : plan) {
    switch (op.kind) {
      case Kind::kRoBind: out.insert(out.end(), {"--ro-bind", op.source, op.dest}); break;
      case Kind::kRwBind: out.insert(out.end(), {"--bind", op.source, op.dest}); break;
      case Kind::kSymlink: out.insert(out.end(), {"--symlink", op.source, op.dest}); break;
      case Kind::kProc: out.insert(out.end(), {"--proc", op.dest}); break;
      case Kind::kDev: out.insert(out.end(), {"--dev", op.dest}); break;
      case Kind::kDir:
        if (for_bwrap) out.insert(out.end(), {"--perms", "0755"});
        out.insert(out.end(), {"--dir", op.dest});
        break;
      case Kind::kTmpfs:
        if (for_bwrap) {
          out.insert(out.end(), {"--perms", "1777", "--size", std::to_string(op.size),
                                 "--tmpfs", op.dest});
        } else {
          out.insert(out.end(), {"--tmpfs", std::to_string(op.size), op.dest});
        }
        break;
    }
  }
}

void add_limit_args(const Policy& p, bool drop_uid, int status_fd, std::vector<std::string>& out) {
  auto num = [&](const char* flag, std::uint64_t v) {
    if (v != 0) out.insert(out.end(), {flag, std::to_string(v)});
  };
  num("--cpu", p.cpu_seconds);
  num("--as", p.memory_bytes);
  num("--nproc", p.max_processes);
  num("--fsize", p.max_file_size);
  num("--nofile", p.max_open_files);
  num("--wall-ms", static_cast<std::uint64_t>(p.wall.count()));
  if (drop_uid) {
    out.insert(out.end(), {"--uid", std::to_string(p.uid), "--gid", std::to_string(p.gid)});
  }
  for (int fd : p.keep_fds) out.insert(out.end(), {"--keep-fd", std::to_string(fd)});
  if (status_fd >= 0) out.insert(out.end(), {"--status-fd", std::to_string(status_fd)});
  if (p.seccomp) out.emplace_back("--seccomp");
  out.insert(out.end(), {"--chdir", p.cwd.string()});
  for (const auto& [name, value] : p.env) out.insert(out.end(), {"--env", name + "=" + value});
}

}  // namespace

fs::path default_limiter_path() {
  if (const auto limiter = env::text(env::kLimiter)) return *limiter;
  return DSLAB_LIMITER_PATH;
}

Launch plan_launch(const Policy& policy, int status_fd) {
  validate(policy);
  const Isolation& iso = detect();
  Launch launch;
  launch.backend = resolve(policy.backend, iso);
  fs::path limiter = policy.limiter.empty() ? default_limiter_path() : policy.limiter;
  if (access(limiter.c_str(), X_OK) != 0) {
    throw std::runtime_error("sandbox: launcher not executable: " + limiter.string());
  }
  bool drop_uid = iso.is_root && iso.can_change_uid;
  std::vector<std::string>& out = launch.prefix;
  if (launch.backend == Backend::kBwrap) {
    out = {iso.bwrap_path};
    if (!iso.is_root) out.emplace_back("--unshare-user");
    out.insert(out.end(), {"--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                           "--unshare-cgroup-try", "--die-with-parent", "--new-session",
                           "--hostname", "dslab-sandbox", "--clearenv"});
    add_mount_args(plan_mounts(policy, true, limiter), true, out);
    out.insert(out.end(), {"--remount-ro", "/", "--", kLimiterInside, "--pidns"});
  } else if (launch.backend == Backend::kUnshare) {
    out = {iso.unshare_path, "--pid", "--fork", "--kill-child", "--net", "--ipc", "--uts", "--mount",
           "--propagation", "private", "--", limiter.string(), "--pidns", "--setup-root"};
    add_mount_args(plan_mounts(policy, false, limiter), false, out);
  } else {
    out = {limiter.string()};
  }
  add_limit_args(policy, drop_uid, status_fd, out);
  out.emplace_back("--");
  launch.level = isolation_level(launch.backend, iso, policy.uid, policy.seccomp);
  return launch;
}

std::vector<std::string> command_prefix(const Policy& policy) {
  return plan_launch(policy, -1).prefix;
}

}  // namespace dslab::sandbox
