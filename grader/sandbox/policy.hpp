// Sandbox policy: what an untrusted process may see and how much it may use.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace dslab::sandbox {

/// How the confinement is built. kAuto picks the strongest backend detect() found.
enum class Backend {
  kAuto,     ///< strongest available: bwrap, else unshare (root only), else none
  kBwrap,    ///< bubblewrap namespaces + dslab-limit (rlimits, uid drop, supervisor)
  kUnshare,  ///< util-linux unshare namespaces + dslab-limit building the root itself
  kNone,     ///< dslab-limit only: rlimits (+ uid drop as root); NOT confined
};

/// Stable lower-case name of a backend ("auto", "bwrap", "unshare", "none").
std::string to_string(Backend backend);

/// A host path made visible inside the sandbox. `sandbox` must be absolute; an empty `sandbox`
/// means "same path as on the host".
struct Bind {
  std::filesystem::path host;
  std::filesystem::path sandbox;
};

/// Everything the sandbox allows. Network is not configurable: the sandbox always gets its own
/// network namespace with only a private loopback. Limits of 0 mean "unlimited" where noted.
struct Policy {
  /// Read-only binds in addition to the system directories (see bind_system).
  std::vector<Bind> ro_binds;
  /// Read-write binds (e.g. a scratch work dir). The sandbox uid must be able to write them:
  /// see prepare_writable_dir().
  std::vector<Bind> rw_binds;
  /// Bind /usr, /bin, /sbin, /lib* (as on the host, read-only) and the few /etc files the
  /// dynamic loader and compilers need (ld.so.cache, ld.so.conf*, alternatives).
  bool bind_system = true;
  /// Working directory inside the sandbox (must exist there).
  std::filesystem::path cwd = "/tmp";
  /// The whole environment of the program: nothing is inherited.
  std::vector<std::pair<std::string, std::string>> env = {
      {"PATH", "/usr/bin:/bin"}, {"HOME", "/tmp"}, {"LANG", "C.UTF-8"}};

  std::uint64_t cpu_seconds = 10;             ///< RLIMIT_CPU per process (SIGXCPU); 0 = none
  std::uint64_t memory_bytes = 1ULL << 30;    ///< RLIMIT_AS per process; 0 = none (ASan!)
  std::uint64_t max_processes = 64;           ///< RLIMIT_NPROC for the sandbox uid; 0 = none
  std::uint64_t max_file_size = 64ULL << 20;  ///< RLIMIT_FSIZE (SIGXFSZ); 0 = none
  std::uint64_t max_open_files = 256;         ///< RLIMIT_NOFILE; must be > every keep_fd
  std::uint64_t tmp_bytes = 64ULL << 20;      ///< size of the private /tmp tmpfs
  std::size_t max_output_bytes = 1U << 20;    ///< per stream, kept by run(); the rest is counted
  std::chrono::milliseconds wall{30000};      ///< wall-clock limit; kills the whole tree
  /// run() only: bounds for the whole run together (all its processes), enforced by a fresh
  /// control group where the machine allows one (sandbox::Cgroup); 0 = no such bound. Where no
  /// group can be made, the run goes on with the per-process limits and says so
  /// (RunResult::group is empty, group_error tells why).
  std::uint64_t group_memory_bytes = 0;
  std::uint64_t group_max_processes = 0;

  /// Descriptors (of the launching process) that stay open, with the same numbers, in the
  /// program. Every other descriptor above 2 is closed before the exec.
  std::vector<int> keep_fds;
  /// The prefix is for another process (command_prefix written to a launcher file): keep_fds
  /// are open there, not here, so validate() does not check that they are open.
  bool fds_open_elsewhere = false;

  /// The uid/gid the program runs as when the launcher is root (RLIMIT_NPROC is counted per
  /// real uid, machine-wide: give concurrent sandboxes distinct uids).
  uid_t uid = 65534;
  gid_t gid = 65534;

  Backend backend = Backend::kAuto;
  /// Run the program under the seccomp filter (seccomp.hpp: keyrings, io_uring, bpf, perf,
  /// ptrace, new namespaces, mounts, modules... denied with EPERM). Note that LeakSanitizer
  /// needs ptrace: an ASan program run with the filter wants ASAN_OPTIONS=detect_leaks=0.
  bool seccomp = true;
  /// The trusted launcher; empty = default_limiter_path().
  std::filesystem::path limiter;
};

/// Throws std::invalid_argument naming the first problem (relative paths, limits that make no
/// sense, keep_fds not open or >= max_open_files, env names with '='). Does not touch the sandbox.
void validate(const Policy& policy);

/// Creates `dir` (and parents) if needed and, when running as root, hands the directory tree
/// to policy.uid/gid so that a rw bind is writable inside. Throws std::system_error on failure.
void prepare_writable_dir(const std::filesystem::path& dir, const Policy& policy);

}  // namespace dslab::sandbox
