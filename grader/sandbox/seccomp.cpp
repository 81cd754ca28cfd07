// The seccomp BPF program of the sandbox (see seccomp.hpp), written out instruction by
// instruction: no libseccomp on the build machines, and the program is small enough to read.
#include "grader/sandbox/seccomp.hpp"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace dslab::sandbox::seccomp {
namespace {

#if defined(__x86_64__)
constexpr bool kAvailable = true;
#define DSLAB_SYS(name) {__NR_##name, #name}
// Denied with EPERM. Grouped by what they would give a student program.
const std::pair<int, const char*> kDenied[] = {
    // kernel keyrings: per uid, not per namespace; they outlive the sandbox
    DSLAB_SYS(add_key), DSLAB_SYS(request_key), DSLAB_SYS(keyctl),
    // large, bug-prone kernel surfaces no lab uses
    DSLAB_SYS(io_uring_setup), DSLAB_SYS(io_uring_enter), DSLAB_SYS(io_uring_register),
    DSLAB_SYS(bpf), DSLAB_SYS(perf_event_open), DSLAB_SYS(userfaultfd),
    // looking into or steering other processes
    DSLAB_SYS(ptrace), DSLAB_SYS(process_vm_readv), DSLAB_SYS(process_vm_writev),
    DSLAB_SYS(pidfd_getfd), DSLAB_SYS(kcmp),
    // namespaces and mounts (clone/unshare are checked by their flags)
    DSLAB_SYS(setns), DSLAB_SYS(mount), DSLAB_SYS(umount2), DSLAB_SYS(pivot_root),
    DSLAB_SYS(chroot), DSLAB_SYS(mount_setattr), DSLAB_SYS(move_mount), DSLAB_SYS(open_tree),
    DSLAB_SYS(fsopen), DSLAB_SYS(fsconfig), DSLAB_SYS(fsmount), DSLAB_SYS(fspick),
    // the machine itself
    DSLAB_SYS(kexec_load), DSLAB_SYS(kexec_file_load), DSLAB_SYS(init_module),
    DSLAB_SYS(finit_module), DSLAB_SYS(delete_module), DSLAB_SYS(reboot), DSLAB_SYS(swapon),
    DSLAB_SYS(swapoff), DSLAB_SYS(acct), DSLAB_SYS(quotactl), DSLAB_SYS(quotactl_fd),
    DSLAB_SYS(syslog), DSLAB_SYS(iopl), DSLAB_SYS(ioperm), DSLAB_SYS(uselib),
    DSLAB_SYS(vhangup), DSLAB_SYS(open_by_handle_at), DSLAB_SYS(fanotify_init),
    DSLAB_SYS(settimeofday), DSLAB_SYS(clock_settime), DSLAB_SYS(clock_adjtime),
    DSLAB_SYS(adjtimex), DSLAB_SYS(lookup_dcookie),
};
#undef DSLAB_SYS
constexpr std::uint32_t kArch = AUDIT_ARCH_X86_64;
constexpr std::uint32_t kX32Bit = 0x40000000U;  // __X32_SYSCALL_BIT
#else
constexpr bool kAvailable = false;
const std::pair<int, const char*> kDenied[] = {{-1, "none"}};
#endif

// Every namespace flag. CLONE_NEWTIME (0x80) lies in clone()'s exit-signal byte, so it is
// checked for unshare only (clone cannot create a time namespace).
constexpr std::uint32_t kCloneNamespaces = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
                                           CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
                                           CLONE_NEWCGROUP;
constexpr std::uint32_t kNewTime = 0x00000080U;

constexpr std::uint32_t kNr = offsetof(seccomp_data, nr);
constexpr std::uint32_t kArchAt = offsetof(seccomp_data, arch);
constexpr std::uint32_t kArg0Low = offsetof(seccomp_data, args);  // little-endian: low word

sock_filter stmt(std::uint16_t code, std::uint32_t k) { return {code, 0, 0, k}; }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
  return {code, jt, jf, k};
}

// If the syscall number is `nr`: deny it when its first argument has a bit of `flags`.
void deny_flags(std::vector<sock_filter>& p, int nr, std::uint32_t flags) {
  p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 4));
  p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArg0Low));
  p.push_back(jump(BPF_JMP | BPF_JSET | BPF_K, flags, 0, 1));
  p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
  p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

void deny(std::vector<sock_filter>& p, int nr, int err) {
  p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 1));
  p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | static_cast<std::uint32_t>(err)));
}

}  // namespace

bool available() { return kAvailable; }

std::vector<sock_filter> program() {
  std::vector<sock_filter> p;
#if defined(__x86_64__)
  p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArchAt));
  p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0));
  p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kNr));
  p.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, 0, 1));
  p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  deny(p, __NR_clone3, ENOSYS);
  deny_flags(p, __NR_clone, kCloneNamespaces);
  deny_flags(p, __NR_unshare, kCloneNamespaces | kNewTime);
  for (const auto& [nr, name] : kDenied) deny(p, nr, EPERM);
  p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
#endif
  return p;
}

std::vector<std::string> denied_syscalls() {
  std::vector<std::string> out;
  if (!kAvailable) return out;
  for (const auto& [nr, name] : kDenied) out.emplace_back(name);
  return out;
}

int install(const std::vector<sock_filter>& filter) {
  if (!kAvailable || filter.empty()) return ENOSYS;
  sock_fprog prog{static_cast<unsigned short>(filter.size()),
                  const_cast<sock_filter*>(filter.data())};
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) return errno;
  return 0;
}

}  // namespace dslab::sandbox::seccomp
