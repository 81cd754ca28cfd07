// What confinement this machine supports, probed once, and the name of the level reached.
#pragma once

#include <sys/types.h>

#include <string>

#include "grader/sandbox/policy.hpp"

namespace dslab::sandbox {

/// The result of probing the machine (bwrap, unshare, uid change) with real trial runs.
struct Isolation {
  bool is_root = false;         ///< effective uid 0
  bool bwrap_usable = false;    ///< bwrap found and a trial sandbox with all namespaces ran
  bool unshare_usable = false;  ///< root, and `unshare` with pid/net/mount/ipc/uts namespaces ran
  bool can_change_uid = false;  ///< dslab-limit could drop to uid/gid 65534
  std::string bwrap_path;       ///< absolute path of bwrap ("" if not found)
  std::string unshare_path;     ///< absolute path of unshare ("" if not found)
  Backend best = Backend::kNone;  ///< what Backend::kAuto resolves to
  std::string level;  ///< level of `best` as probed (uid 65534, filter on), e.g. "bwrap+uid 65534+…"
  std::string notes;            ///< why a backend is unusable (empty when all are fine)
};

/// Probes the machine the first time it is called (a few short trial runs), then returns the
/// cached answer. Thread-safe.
const Isolation& detect();

/// The backend `requested` resolves to on this machine. Throws std::runtime_error naming the
/// missing capability when a specific backend was requested but is not usable.
Backend resolve(Backend requested, const Isolation& isolation);

/// The level string for a run with `backend` (already resolved), sandbox `uid` and, when
/// `seccomp`, the seccomp filter, e.g. "bwrap+uid 61000+rlimits+seccomp dslab-deny/1",
/// "unshare+uid 61000+rlimits", "rlimits-only (not confined)".
std::string isolation_level(Backend backend, const Isolation& isolation, uid_t uid,
                            bool seccomp);

}  // namespace dslab::sandbox
