// Command-line options of dslab-limit, the trusted launcher that runs inside the sandbox.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dslab::sandbox::limit {

/// One step of building the sandbox's root file system (only with --setup-root, i.e. the
/// unshare backend; under bwrap, bwrap does this itself).
struct MountOp {
  enum class Kind { kRoBind, kRwBind, kSymlink, kTmpfs, kProc, kDev, kDir };
  Kind kind = Kind::kDir;
  std::string source;  ///< host path (binds) or link target (symlink)
  std::string dest;    ///< absolute path inside the sandbox
  std::uint64_t size = 0;  ///< tmpfs size in bytes
};

/// Everything dslab-limit was asked to do. Limits of 0 are not applied.
struct Options {
  std::uint64_t cpu_seconds = 0;
  std::uint64_t address_space = 0;
  std::uint64_t processes = 0;
  std::uint64_t file_size = 0;
  std::uint64_t open_files = 0;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  std::vector<int> keep_fds;
  int status_fd = -1;
  std::uint64_t wall_ms = 0;
  bool pid_namespace = false;  ///< we run in a fresh pid namespace: kill(-1) is the tree
  bool setup_root = false;
  bool seccomp = false;        ///< install the seccomp filter (seccomp.hpp) before exec
  std::vector<MountOp> mounts;
  std::string chdir;
  std::vector<std::string> env;   ///< "NAME=value"
  std::vector<std::string> argv;  ///< the program and its arguments (after "--")
};

/// Parses argv (argv[0] skipped). Returns an error message instead of throwing so the launcher
/// can report it; on success `error` is empty.
Options parse_options(int argc, char** argv, std::string& error);

/// Usage text for --help and errors.
const char* usage();

}  // namespace dslab::sandbox::limit
