// Hostile programs run through run() on every usable backend: each must be contained.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "grader/sandbox/isolation.hpp"
#include "grader/sandbox/run.hpp"
#include "grader/sandbox/test_support.hpp"

namespace dslab::sandbox {
namespace {

using test_support::processes_of_uid;
using test_support::test_uid;

class Hostile : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const Isolation& iso = detect();
    if (GetParam() == Backend::kBwrap && !iso.bwrap_usable) {
      GTEST_SKIP() << "bwrap is not usable here (" << iso.notes << "): the unshare "
                   << "backend is tested instead";
    }
    if (GetParam() == Backend::kUnshare && !iso.unshare_usable) {
      GTEST_SKIP() << "unshare backend not usable here (" << iso.notes << ")";
    }
    policy_ = test_support::hostile_policy(GetParam());
    ASSERT_EQ(processes_of_uid(test_uid()), 0) << "uid " << test_uid() << " is busy";
  }
  void TearDown() override {
    if (!IsSkipped()) {
      EXPECT_EQ(processes_of_uid(test_uid()), 0) << "a process escaped";
    }
  }
  RunResult go(std::vector<std::string> args) {
    args.insert(args.begin(), test_support::hostile_path(GetParam()));
    return run(policy_, args);
  }
  Policy policy_;
};

TEST_P(Hostile, InfiniteLoop_KilledByCpuLimit) {
  policy_.cpu_seconds = 1;
  RunResult r = go({"spin"});
  EXPECT_TRUE(r.signal == SIGXCPU || r.signal == SIGKILL) << r.signal_name << r.sandbox_error;
  EXPECT_FALSE(r.timed_out);
  EXPECT_LT(r.wall_seconds, 8.0);
}

TEST_P(Hostile, Sleeper_KilledByWallLimit) {
  policy_.wall = std::chrono::milliseconds(1000);
  RunResult r = go({"sleep"});
  EXPECT_TRUE(r.timed_out) << r.sandbox_error;
  EXPECT_FALSE(r.exit_code.has_value());
  EXPECT_GE(r.wall_seconds, 1.0);
  EXPECT_LT(r.wall_seconds, 3.0);  // the supervisor enforced it, not the outer backstop
}

TEST_P(Hostile, ForkBomb_BoundedByMaxProcesses) {
  RunResult r = go({"forkbomb"});
  ASSERT_EQ(r.sandbox_error, "");
  EXPECT_NE(r.stdout_data.find("fork failed: EAGAIN"), std::string::npos) << r.stdout_data;
  int forks = -1;
  ASSERT_EQ(std::sscanf(r.stdout_data.c_str(), "forks=%d", &forks), 1);
  EXPECT_LT(forks, 64);
  EXPECT_FALSE(r.timed_out);  // the bomb's children died with the main process
}

TEST_P(Hostile, MemoryHog_BoundedByAddressSpace) {
  RunResult r = go({"memhog"});
  int mib = -1;
  ASSERT_EQ(std::sscanf(r.stdout_data.c_str(), "allocated_mib=%d", &mib), 1) << r.stdout_data;
  EXPECT_LT(mib, 256);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_LT(r.max_rss_bytes, 256ULL << 20);
}

TEST_P(Hostile, DiskFiller_KilledBySigxfszAtFileSizeLimit) {
  RunResult r = go({"diskfill", "/tmp/fill"});
  EXPECT_EQ(r.signal_name, "SIGXFSZ") << r.stdout_data << r.sandbox_error;
  RunResult quiet = go({"diskfill-noisy", "/tmp/fill"});
  EXPECT_NE(quiet.stdout_data.find("written_mib=8 write failed: EFBIG"), std::string::npos)
      << quiet.stdout_data;
}

TEST_P(Hostile, ManySmallFiles_StoppedByBoundedTmp) {
  RunResult r = go({"manyfiles", "/tmp"});
  int files = -1;
  ASSERT_EQ(std::sscanf(r.stdout_data.c_str(), "files=%d", &files), 1) << r.stdout_data;
  EXPECT_NE(r.stdout_data.find("ENOSPC"), std::string::npos) << r.stdout_data;
  EXPECT_LE(files, 32);  // 16 MiB of 512 KiB files
}

TEST_P(Hostile, OutputFlood_IsTruncatedAndCounted) {
  policy_.cpu_seconds = 1;
  policy_.wall = std::chrono::milliseconds(3000);
  RunResult r = go({"flood"});
  EXPECT_TRUE(r.output_truncated);
  EXPECT_EQ(r.stdout_data.size(), 64U << 10);
  EXPECT_GT(r.stdout_bytes, 1U << 20);
  // Which limit ends it depends on load (the reader can be the bottleneck): either is fine.
  EXPECT_TRUE(r.signal != 0 || r.timed_out) << describe(r);
}

TEST_P(Hostile, NetworkEgress_CannotReachHostLoopbackOrOutside) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(listen(listener, 8), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  int port = ntohs(addr.sin_port);
  RunResult r = go({"network", std::to_string(port)});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_data << r.sandbox_error;
  EXPECT_NE(r.stdout_data.find("ipv4 interfaces: lo\n"), std::string::npos) << r.stdout_data;
  std::string refused = "connect 127.0.0.1:" + std::to_string(port) + ": ECONNREFUSED";
  EXPECT_NE(r.stdout_data.find(refused), std::string::npos) << r.stdout_data;
  EXPECT_NE(r.stdout_data.find("connect 1.1.1.1:53: ENETUNREACH"), std::string::npos);
  EXPECT_LT(accept(listener, nullptr, nullptr), 0) << "the sandbox reached our listener";
  close(listener);
}

TEST_P(Hostile, PrivateLoopback_WorksInside) {
  RunResult r = go({"loopback"});
  EXPECT_EQ(r.stdout_data, "loopback: ok\n") << r.sandbox_error;
}

TEST_P(Hostile, SecretFiles_OutsideTheBindsAreInvisible) {
  std::filesystem::path secret = std::filesystem::path(DSLAB_HOSTILE_PATH).parent_path() /
                                 ("secret-" + std::to_string(getpid()));
  std::ofstream(secret) << "hidden test data";
  const std::string sources = std::string(DSLAB_SOURCE_DIR) + "/CMakeLists.txt";
  ASSERT_TRUE(std::filesystem::exists(secret) && std::filesystem::exists(sources));
  RunResult r = go({"read", secret.string(), sources, "/root", "/home", "/etc/shadow",
                    "/etc/passwd", test_support::hostile_path(GetParam())});
  std::filesystem::remove(secret);
  for (const std::string& path : {secret.string(), sources, std::string("/root"),
                                  std::string("/home"), std::string("/etc/shadow")}) {
    EXPECT_NE(r.stdout_data.find(path + ": ENOENT"), std::string::npos) << r.stdout_data;
  }
  EXPECT_NE(r.stdout_data.find(test_support::kHostileInside + std::string(": readable")),
            std::string::npos) << "control: the bound program must be visible";
}

TEST_P(Hostile, KillEverything_LeavesTheTestAndItsGroupAlive) {
  pid_t canary = fork();  // shares our process group, like the test harness's helpers
  if (canary == 0) {
    for (;;) pause();
  }
  RunResult r = go({"killall"});
  EXPECT_EQ(kill(canary, 0), 0) << "the canary in the test's process group died";
  kill(canary, SIGKILL);
  waitpid(canary, nullptr, 0);
  // The root supervisor survived and reported (Linux's kill(-1) spares the caller itself).
  EXPECT_EQ(r.sandbox_error, "") << describe(r) << "\n" << r.stdout_data;
  if (GetParam() == Backend::kBwrap) {  // under unshare the parent is pid 1: kill() "succeeds"
    EXPECT_NE(r.stdout_data.find("kill(parent): EPERM"), std::string::npos) << r.stdout_data;
  }
}

TEST_P(Hostile, SetsidGrandchild_DiesWithTheMainProcess) {
  RunResult r = go({"orphan"});
  EXPECT_EQ(r.exit_code, 0) << r.sandbox_error;
  EXPECT_FALSE(r.timed_out) << "run() waited for the grandchild instead of killing it";
  EXPECT_EQ(processes_of_uid(test_uid()), 0);
}

TEST_P(Hostile, SetsidGrandchild_DiesAtTheWallLimit) {
  policy_.wall = std::chrono::milliseconds(1000);
  RunResult r = go({"orphan-then-sleep"});
  EXPECT_TRUE(r.timed_out) << r.stdout_data << r.sandbox_error;
  EXPECT_EQ(processes_of_uid(test_uid()), 0);
}

TEST_P(Hostile, KeptFd_IsUsableInsideAndOthersAreClosed) {
  int mem = memfd_create("dslab-test", MFD_CLOEXEC);
  ASSERT_GE(mem, 0);
  ASSERT_EQ(write(mem, "hello", 5), 5);
  int leak = fcntl(mem, F_DUPFD, 40);  // not CLOEXEC and not listed: must not get in
  ASSERT_GE(leak, 40);
  policy_.keep_fds = {mem};
  RunResult r = go({"usefd", std::to_string(mem)});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_data << r.sandbox_error;
  EXPECT_NE(r.stdout_data.find("says: hello"), std::string::npos) << r.stdout_data;
  char buf[64] = {};
  ASSERT_GT(pread(mem, buf, sizeof buf - 1, 0), 0);
  EXPECT_STREQ(buf, "hello +reply from sandbox");
  RunResult fds = go({"fds"});
  EXPECT_EQ(fds.stdout_data, "open fds: 0 1 2 " + std::to_string(mem) + " \n");
  close(leak);
  close(mem);
}

TEST_P(Hostile, PassedListeningSocket_ServesTheTrustedClient) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::string reply;
  std::thread client([&] {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval timeout{10, 0};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (connect(s, reinterpret_cast<sockaddr*>(&addr), len) == 0 && write(s, "ping", 4) == 4) {
      char buf[8] = {};
      if (read(s, buf, sizeof buf - 1) > 0) reply = buf;
    }
    close(s);
  });
  policy_.keep_fds = {listener};
  RunResult r = go({"serve", std::to_string(listener)});
  client.join();
  close(listener);
  EXPECT_EQ(r.stdout_data, "served: ping\n") << r.sandbox_error;
  EXPECT_EQ(reply, "pong");
}

TEST_P(Hostile, Identity_IsTheSandboxUidWithOnlyThePolicyEnvironment) {
  RunResult r = go({"whoami"});
  std::string uid = "uid=" + std::to_string(test_uid()) + " gid=" + std::to_string(test_uid());
  EXPECT_EQ(r.stdout_data.rfind(uid, 0), 0U) << r.stdout_data << r.sandbox_error;
  EXPECT_NE(r.stdout_data.find("cwd=/tmp"), std::string::npos);
  EXPECT_NE(r.stdout_data.find("env PATH=/usr/bin:/bin\nenv HOME=/tmp\nenv LANG=C.UTF-8\n"),
            std::string::npos) << r.stdout_data;
  EXPECT_EQ(r.stdout_data.find("env DSLAB"), std::string::npos);
  for (const char* set : {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"}) {
    EXPECT_NE(r.stdout_data.find(std::string(set) + ":\t0000000000000000"), std::string::npos)
        << set << " not empty in\n" << r.stdout_data;
  }
  EXPECT_NE(r.stdout_data.find("NoNewPrivs:\t1"), std::string::npos);
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return to_string(info.param);
}

INSTANTIATE_TEST_SUITE_P(Sandbox, Hostile, ::testing::Values(Backend::kBwrap, Backend::kUnshare),
                         backend_name);

}  // namespace
}  // namespace dslab::sandbox
