// Root file-system construction for the unshare backend: tmpfs root, binds, proc, dev, pivot.
#include "grader/sandbox/limit_root.hpp"

#include <fcntl.h>
#include <sched.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dslab::sandbox::limit {
namespace {

constexpr const char* kStage = "/tmp";  // mount point of the staging tmpfs (private ns)
constexpr const char* kOld = "/oldroot";
constexpr const char* kNew = "/newroot";

std::string fail(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// mkdir -p; fine if it already exists.
bool make_dirs(const std::string& path) {
  for (std::size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/') continue;
    std::string prefix = path.substr(0, pos);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

// Creates the mount point for `source` at `dest`: a directory or an empty file.
bool make_mount_point(const std::string& source, const std::string& dest) {
  struct stat st {};
  if (stat(source.c_str(), &st) != 0) return false;
  if (S_ISDIR(st.st_mode)) return make_dirs(dest);
  std::size_t slash = dest.rfind('/');
  if (!make_dirs(dest.substr(0, slash))) return false;
  int fd = open(dest.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return errno == EEXIST;
  close(fd);
  return true;
}

std::string bind_mount(const std::string& source, const std::string& dest, bool read_only) {
  std::string from = std::string(kOld) + source;
  if (!make_mount_point(from, dest)) return fail("cannot create mount point for", source);
  if (mount(from.c_str(), dest.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    return fail("cannot bind", source);
  }
  unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | (read_only ? MS_RDONLY : 0);
  if (mount(nullptr, dest.c_str(), nullptr, flags, nullptr) != 0) {
    return fail("cannot remount", source);
  }
  return "";
}

std::string make_dev(const std::string& dest) {
  if (!make_dirs(dest)) return fail("cannot create", dest);
  if (mount("tmpfs", dest.c_str(), "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755") != 0) {
    return fail("cannot mount tmpfs on", dest);
  }
  for (const char* node : {"null", "zero", "full", "random", "urandom", "tty"}) {
    std::string from = std::string(kOld) + "/dev/" + node;
    std::string to = dest + "/" + node;
    struct stat st {};
    if (stat(from.c_str(), &st) != 0) continue;  // the host has no such node
    if (!make_mount_point(from, to)) return fail("cannot create", to);
    if (mount(from.c_str(), to.c_str(), nullptr, MS_BIND, nullptr) != 0) return fail("bind", to);
  }
  const char* links[][2] = {{"/proc/self/fd", "fd"},
                            {"/proc/self/fd/0", "stdin"},
                            {"/proc/self/fd/1", "stdout"},
                            {"/proc/self/fd/2", "stderr"}};
  for (const auto& link : links) {
    std::string to = dest + "/" + link[1];
    if (symlink(link[0], to.c_str()) != 0) return fail("cannot link", to);
  }
  std::string shm = dest + "/shm";
  if (mkdir(shm.c_str(), 01777) != 0 ||
      mount("tmpfs", shm.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=16m") != 0) {
    return fail("cannot mount", shm);
  }
  return "";
}

std::string apply(const MountOp& op) {
  using K = MountOp::Kind;
  std::string dest = std::string(kNew) + op.dest;
  switch (op.kind) {
    case K::kRoBind:
    case K::kRwBind:
      return bind_mount(op.source, dest, op.kind == K::kRoBind);
    case K::kSymlink: {
      std::size_t slash = dest.rfind('/');
      if (!make_dirs(dest.substr(0, slash))) return fail("cannot create parent of", op.dest);
      if (symlink(op.source.c_str(), dest.c_str()) != 0) return fail("cannot link", op.dest);
      return "";
    }
    case K::kTmpfs: {
      std::string data = "mode=1777,size=" + std::to_string(op.size);
      if (!make_dirs(dest)) return fail("cannot create", op.dest);
      if (mount("tmpfs", dest.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, data.c_str()) != 0) {
        return fail("cannot mount tmpfs on", op.dest);
      }
      return "";
    }
    case K::kProc:
      if (!make_dirs(dest)) return fail("cannot create", op.dest);
      if (mount("proc", dest.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
        return fail("cannot mount proc on", op.dest);
      }
      return "";
    case K::kDev:
      return make_dev(dest);
    case K::kDir:
      return make_dirs(dest) ? "" : fail("cannot create", op.dest);
  }
  return "unknown mount operation";
}

// A mount namespace of our own, whatever the caller did: the steps below must never touch
// the machine's mounts.
std::string enter_private_namespace() {
  if (unshare(CLONE_NEWNS) != 0) return fail("unshare(CLONE_NEWNS) for", "--setup-root");
  return "";
}

// Moves into a staging tmpfs with the old root at /oldroot and an empty /newroot.
std::string enter_staging() {
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return fail("private", "/");
  if (mount("tmpfs", kStage, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
    return fail("cannot mount staging tmpfs on", kStage);
  }
  std::string old = std::string(kStage) + kOld, fresh = std::string(kStage) + kNew;
  if (mkdir(old.c_str(), 0755) != 0 || mkdir(fresh.c_str(), 0755) != 0) return fail("mkdir", old);
  if (chdir(kStage) != 0) return fail("chdir", kStage);
  if (syscall(SYS_pivot_root, ".", old.c_str()) != 0) return fail("pivot_root into", kStage);
  if (chdir("/") != 0) return fail("chdir", "/");
  if (mount("tmpfs", kNew, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
    return fail("cannot mount root tmpfs on", kNew);
  }
  return "";
}

// Drops the old root and the staging tmpfs; /newroot becomes "/", read-only.
std::string leave_staging() {
  if (umount2(kOld, MNT_DETACH) != 0) return fail("cannot detach", kOld);
  if (chdir(kNew) != 0) return fail("chdir", kNew);
  if (syscall(SYS_pivot_root, ".", ".") != 0) return fail("pivot_root into", kNew);
  if (umount2(".", MNT_DETACH) != 0) return fail("cannot detach staging", "/");
  if (chdir("/") != 0) return fail("chdir", "/");
  unsigned long flags = MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV;
  if (mount(nullptr, "/", nullptr, flags, nullptr) != 0) return fail("cannot remount ro", "/");
  return "";
}

}  // namespace

std::string setup_root(const std::vector<MountOp>& mounts) {
  if (std::string e = enter_private_namespace(); !e.empty()) return e;
  mode_t old_mask = umask(022);  // directories we create must be traversable by the sandbox uid
  std::string error = enter_staging();
  for (std::size_t i = 0; error.empty() && i < mounts.size(); ++i) error = apply(mounts[i]);
  if (error.empty()) error = leave_staging();
  umask(old_mask);
  return error;
}

std::string bring_up_loopback() {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return fail("socket", "lo");
  ifreq req{};
  std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ioctl(sock, SIOCGIFFLAGS, &req) == 0;
  req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP | IFF_RUNNING);
  ok = ok && ioctl(sock, SIOCSIFFLAGS, &req) == 0;
  std::string error = ok ? "" : fail("cannot bring up", "lo");
  close(sock);
  return error;
}

}  // namespace dslab::sandbox::limit
