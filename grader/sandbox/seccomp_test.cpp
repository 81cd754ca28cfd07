// The seccomp filter: what it denies (with which errno), what it lets through, and that a
// foreign architecture or an x32 call kills the process. Each probe runs in a forked child.
#include "grader/sandbox/seccomp.hpp"

#include <gtest/gtest.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace dslab::sandbox::seccomp {
namespace {

// A probe returns 0 when the call succeeded, else the errno it failed with.
using Probe = int (*)();

// Runs `probe` in a child (under the filter when `filtered`); its exit status, or 1000 +
// the signal that killed it.
int in_child(bool filtered, Probe probe) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (filtered) {
      if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(200);
      if (install(program()) != 0) _exit(201);
    }
    _exit(probe());
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : WEXITSTATUS(status);
}

int call_result(long r) { return r >= 0 ? 0 : errno; }

// A key in the process keyring: it dies with the child, so nothing is left behind either way.
int add_key_probe() {
  return call_result(syscall(SYS_add_key, "user", "dslab-seccomp-test", "x", 1,
                             KEY_SPEC_PROCESS_KEYRING));
}
int keyctl_probe() { return call_result(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0)); }
int io_uring_probe() {
  char params[120] = {};
  const long fd = syscall(SYS_io_uring_setup, 1, params);
  if (fd >= 0) close(static_cast<int>(fd));
  return call_result(fd);
}
int userns_probe() { return call_result(unshare(CLONE_NEWUSER)); }
int netns_probe() { return call_result(unshare(CLONE_NEWNET)); }
int clone_userns_probe() {
  const long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid == 0) _exit(0);
  if (pid > 0) waitpid(static_cast<pid_t>(pid), nullptr, 0);
  return call_result(pid);
}
int clone3_probe() { return call_result(syscall(SYS_clone3, nullptr, 0)); }
int ptrace_probe() { return call_result(syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0)); }
int perf_probe() { return call_result(syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0)); }
int bpf_probe() { return call_result(syscall(SYS_bpf, 0, nullptr, 0)); }
int mount_probe() { return call_result(syscall(SYS_mount, "none", "/", nullptr, 0, nullptr)); }
// What the labs need: threads (via clone, after clone3's ENOSYS), sockets, fork.
int thread_probe() {
  int value = 0;
  std::thread t([&] { value = 42; });
  t.join();
  return value == 42 ? 0 : 99;
}
int socket_probe() {
  const int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s >= 0) close(s);
  return s >= 0 ? 0 : errno;
}
int fork_probe() {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid > 0 && WIFEXITED(status) ? 0 : 99;
}
#if defined(__x86_64__)
// getpid through the i386 entry point (int 0x80, number 20): arch AUDIT_ARCH_I386.
int i386_probe() {
  long r = 20;
  asm volatile("int $0x80" : "+a"(r) : : "memory");
  return 0;
}
int x32_probe() { return call_result(syscall(0x40000000L | SYS_getpid)); }
#endif

TEST(Seccomp, AddKeyIsDeniedWithEpermUnderTheFilterAndWorksWithout) {
  EXPECT_EQ(in_child(false, add_key_probe), 0) << "add_key must work without the filter";
  EXPECT_EQ(in_child(true, add_key_probe), EPERM);
  EXPECT_EQ(in_child(true, keyctl_probe), EPERM);
}

TEST(Seccomp, NewNamespacesAreDeniedWhetherByUnshareOrByClone) {
  EXPECT_EQ(in_child(false, netns_probe), geteuid() == 0 ? 0 : EPERM);
  EXPECT_EQ(in_child(true, userns_probe), EPERM);
  EXPECT_EQ(in_child(true, netns_probe), EPERM);
  EXPECT_EQ(in_child(true, clone_userns_probe), EPERM);
  EXPECT_EQ(in_child(true, clone3_probe), ENOSYS) << "glibc falls back to clone on ENOSYS";
}

TEST(Seccomp, KernelSurfacesAreDeniedWithEperm) {
  for (Probe p : {io_uring_probe, ptrace_probe, perf_probe, bpf_probe, mount_probe}) {
    EXPECT_EQ(in_child(true, p), EPERM);
  }
}

TEST(Seccomp, ThreadsSocketsAndForkStillWork) {
  EXPECT_EQ(in_child(true, thread_probe), 0);
  EXPECT_EQ(in_child(true, socket_probe), 0);
  EXPECT_EQ(in_child(true, fork_probe), 0);
}

#if defined(__x86_64__)
TEST(Seccomp, AForeignArchitectureOrAnX32CallKillsTheProcess) {
  EXPECT_EQ(in_child(true, x32_probe), 1000 + SIGSYS);
  if (in_child(false, i386_probe) != 0) {
    GTEST_SKIP() << "this kernel has no i386 entry point (no IA32 emulation)";
  }
  EXPECT_EQ(in_child(true, i386_probe), 1000 + SIGSYS);
}
#endif

TEST(Seccomp, TheDeniedListNamesTheBriefsSyscalls) {
  const auto names = denied_syscalls();
  for (const char* n : {"add_key", "keyctl", "io_uring_setup", "bpf", "perf_event_open",
                        "ptrace", "process_vm_readv", "setns", "mount", "pivot_root",
                        "kexec_load", "init_module", "reboot", "userfaultfd"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
}

}  // namespace
}  // namespace dslab::sandbox::seccomp
