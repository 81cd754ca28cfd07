// Policy validation and preparation of writable directories.
#include "grader/sandbox/policy.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <system_error>

namespace dslab::sandbox {

std::string to_string(Backend backend) {
  switch (backend) {
    case Backend::kAuto: return "auto";
    case Backend::kBwrap: return "bwrap";
    case Backend::kUnshare: return "unshare";
    case Backend::kNone: return "none";
  }
  return "unknown";
}

namespace {

void fail(const std::string& message) { throw std::invalid_argument("sandbox policy: " + message); }

void check_binds(const std::vector<Bind>& binds, const char* kind) {
  for (const Bind& b : binds) {
    std::error_code ec;
    if (b.host.empty() || !std::filesystem::exists(b.host, ec)) {
      fail(std::string(kind) + " bind source does not exist: '" + b.host.string() + "'");
    }
    const std::filesystem::path& dest = b.sandbox.empty() ? b.host : b.sandbox;
    if (!dest.is_absolute()) {
      fail(std::string(kind) + " bind destination must be absolute: '" + dest.string() + "'");
    }
    if (dest == "/" || dest.lexically_normal() == "/") {
      fail(std::string(kind) + " bind may not replace the sandbox root");
    }
  }
}

}  // namespace

void validate(const Policy& policy) {
  check_binds(policy.ro_binds, "read-only");
  check_binds(policy.rw_binds, "read-write");
  if (!policy.cwd.is_absolute()) fail("cwd must be absolute: '" + policy.cwd.string() + "'");
  for (const auto& [name, value] : policy.env) {
    if (name.empty() || name.find('=') != std::string::npos || name.find('\0') != name.npos) {
      fail("bad environment variable name '" + name + "'");
    }
  }
  if (policy.memory_bytes != 0 && policy.memory_bytes < (16ULL << 20)) {
    fail("memory_bytes below 16 MiB cannot even load a program (use 0 for unlimited)");
  }
  if (policy.tmp_bytes == 0) fail("tmp_bytes must be positive");
  if (policy.wall.count() <= 0) fail("wall limit must be positive");
  if (policy.uid == 0 || policy.gid == 0) fail("the sandbox uid/gid may not be 0");
  if (policy.max_open_files != 0 && policy.max_open_files < 8) fail("max_open_files below 8");
  for (int fd : policy.keep_fds) {
    if (fd <= 2) fail("keep_fds lists " + std::to_string(fd) + ": 0-2 are always the stdio");
    if (!policy.fds_open_elsewhere && fcntl(fd, F_GETFD) < 0) fail("keep_fds lists fd " + std::to_string(fd) + ", not open");
    if (policy.max_open_files != 0 && static_cast<std::uint64_t>(fd) >= policy.max_open_files) {
      fail("keep fd " + std::to_string(fd) + " >= max_open_files: it would be unusable");
    }
  }
}

void prepare_writable_dir(const std::filesystem::path& dir, const Policy& policy) {
  std::filesystem::create_directories(dir);
  if (geteuid() != 0) return;
  auto give = [&](const std::filesystem::path& p) {
    if (lchown(p.c_str(), policy.uid, policy.gid) != 0) {
      throw std::system_error(errno, std::generic_category(), "chown " + p.string());
    }
  };
  give(dir);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) give(entry.path());
}

}  // namespace dslab::sandbox
