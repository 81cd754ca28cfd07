// The argv prefix that runs a program inside the sandbox (bwrap/unshare + dslab-limit).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/sandbox/isolation.hpp"
#include "grader/sandbox/policy.hpp"

namespace dslab::sandbox {

/// Where dslab-limit lives: $DSLAB_LIMITER if set, else the path of the target built next to
/// this library.
std::filesystem::path default_limiter_path();

/// The argv prefix that runs `prefix + {program, args...}` inside the sandbox described by
/// `policy`, e.g. {"bwrap", "--unshare-pid", ..., "--", "/run/dslab-limit", ..., "--"}.
/// The program path is a path inside the sandbox. The caller launches it (its own setsid, its
/// own pipes); descriptors in policy.keep_fds must be open without FD_CLOEXEC at the exec.
/// Killing the first process of the prefix with SIGKILL kills the whole sandbox (bwrap and
/// unshare backends). Throws std::invalid_argument (bad policy) or std::runtime_error
/// (requested backend unusable, launcher missing).
std::vector<std::string> command_prefix(const Policy& policy);

/// A fully resolved launch: the prefix plus the backend it uses and the level it reaches.
struct Launch {
  std::vector<std::string> prefix;
  Backend backend = Backend::kNone;
  std::string level;
};

/// As command_prefix(), and also asks dslab-limit to report on `status_fd` (a descriptor
/// number in the launched process; -1 for none). Used by run().
Launch plan_launch(const Policy& policy, int status_fd);

}  // namespace dslab::sandbox
