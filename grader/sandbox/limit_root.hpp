// Builds the sandbox's root file system and loopback for the unshare backend (bwrap does both).
#pragma once

#include <string>
#include <vector>

#include "grader/sandbox/limit_options.hpp"

namespace dslab::sandbox::limit {

/// Enters a new private mount namespace, replaces its root with a fresh tmpfs holding only
/// `mounts`, then remounts that root read-only. Precondition: root (CAP_SYS_ADMIN); run inside
/// the pid namespace whose /proc it should mount. Returns "" or an error message.
std::string setup_root(const std::vector<MountOp>& mounts);

/// Brings the loopback interface up (a new network namespace starts with lo down).
/// Returns "" or an error message.
std::string bring_up_loopback();

}  // namespace dslab::sandbox::limit
