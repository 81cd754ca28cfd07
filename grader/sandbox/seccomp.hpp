// The seccomp filter every sandboxed student program runs under (installed by dslab-limit
// right before exec): a hand-written BPF program that denies the kernel interfaces no lab needs.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

namespace dslab::sandbox::seccomp {

/// Name and version of the filter, as reports state it ("dslab-deny/1").
inline constexpr const char* kFilterName = "dslab-deny/1";

/// True where the filter exists (x86_64 builds; elsewhere dslab-limit refuses --seccomp).
bool available();

/// The BPF program. Its rules, in order:
/// - a foreign architecture (anything but AUDIT_ARCH_X86_64) or an x32 syscall number: the
///   process is killed (SECCOMP_RET_KILL_PROCESS), so no syscall table is a way around it;
/// - clone3: ENOSYS (its flags sit behind a pointer BPF cannot read; glibc falls back to clone);
/// - clone with any CLONE_NEW* flag, unshare with any CLONE_NEW* flag: EPERM;
/// - every syscall of denied_syscalls(): EPERM;
/// - everything else is allowed (sockets included: lab 1 serves UDP and ZeroMQ).
std::vector<sock_filter> program();

/// The syscalls that are always denied with EPERM (names, for documentation and tests).
std::vector<std::string> denied_syscalls();

/// Installs `filter` on the calling thread (and what it execs). Needs no_new_privs (or
/// CAP_SYS_ADMIN). Returns 0 or the errno of the failing prctl. Async-signal-safe.
int install(const std::vector<sock_filter>& filter);

}  // namespace dslab::sandbox::seccomp
