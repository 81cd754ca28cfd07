// Trusted test helper: loopback sockets, UDP asker, framed TCP client.
#include "labs/lab1-network/tests/common/net.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

namespace lab1::tests {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

sockaddr_in loopback_any_port() {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

Bound bind_loopback(int type) {
  Bound b{Fd(socket(AF_INET, type | SOCK_CLOEXEC, 0)), loopback_any_port()};
  if (b.fd.get() < 0) fail("socket");
  socklen_t len = sizeof b.address;
  if (bind(b.fd.get(), reinterpret_cast<sockaddr*>(&b.address), len) != 0) fail("bind");
  if (type == SOCK_STREAM && listen(b.fd.get(), 512) != 0) fail("listen");
  if (getsockname(b.fd.get(), reinterpret_cast<sockaddr*>(&b.address), &len) != 0)
    fail("getsockname");
  return b;
}

Program* g_watched = nullptr;
std::optional<Clock::time_point> g_watched_exit;  ///< when we first saw it gone

/// poll() one fd for `events` until `deadline` (or the watched program's end); true if ready.
bool wait_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto now = Clock::now();
    const auto left = std::chrono::duration_cast<milliseconds>(watched_deadline(deadline) - now);
    if (left.count() < 0) return false;
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, static_cast<int>(std::min(left, kWatchSlice).count()));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

}  // namespace

void watch_program(Program* program) {
  g_watched = program;
  g_watched_exit.reset();
}

Clock::time_point watched_deadline(Clock::time_point deadline) {
  if (g_watched == nullptr) return deadline;
  if (!g_watched_exit && !g_watched->running()) g_watched_exit = Clock::now();
  return g_watched_exit ? std::min(deadline, *g_watched_exit + kExitGrace) : deadline;
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}
Fd::~Fd() { reset(); }
void Fd::reset() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

std::string Bound::describe() const {
  return "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
}

Bound bind_udp() { return bind_loopback(SOCK_DGRAM); }
Bound listen_tcp() { return bind_loopback(SOCK_STREAM); }

std::optional<std::string> udp_ask(const sockaddr_in& server, std::string_view request,
                                   milliseconds timeout) {
  Fd s(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (s.get() < 0) fail("socket");
  const auto deadline = Clock::now() + timeout;
  if (sendto(s.get(), request.data(), request.size(), 0, reinterpret_cast<const sockaddr*>(&server),
             sizeof server) < 0) {
    return std::nullopt;
  }
  std::vector<char> buf(65536);
  while (wait_ready(s.get(), POLLIN, deadline)) {
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t got = recvfrom(s.get(), buf.data(), buf.size(), MSG_DONTWAIT,
                                 reinterpret_cast<sockaddr*>(&from), &len);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return std::nullopt;  // e.g. ECONNREFUSED: nobody serves the port
    }
    if (from.sin_port == server.sin_port)
      return std::string(buf.data(), static_cast<std::size_t>(got));
  }
  return std::nullopt;
}

std::string frame(std::string_view payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string out{static_cast<char>(n >> 24), static_cast<char>((n >> 16) & 0xFFU),
                  static_cast<char>((n >> 8) & 0xFFU), static_cast<char>(n & 0xFFU)};
  out.append(payload);
  return out;
}

FrameStream::FrameStream(const sockaddr_in& server)
    : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  if (fd_.get() < 0) fail("socket");
  if (connect(fd_.get(), reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0)
    fail("connect");
}

bool FrameStream::send_raw(std::string_view bytes, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!bytes.empty()) {
    const ssize_t sent = send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    } else if (sent < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_ready(fd_.get(), POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

std::optional<std::string> FrameStream::read_exact(std::size_t n, Clock::time_point deadline) {
  std::string out(n, '\0');
  std::size_t have = 0;
  while (have < n) {
    if (!wait_ready(fd_.get(), POLLIN, deadline)) return std::nullopt;
    const ssize_t got = recv(fd_.get(), out.data() + have, n - have, MSG_DONTWAIT);
    if (got == 0) return std::nullopt;
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return std::nullopt;
    }
    have += static_cast<std::size_t>(got);
  }
  return out;
}

std::optional<std::string> FrameStream::read_frame(milliseconds timeout, std::size_t max_payload) {
  const auto deadline = Clock::now() + timeout;
  const auto header = read_exact(4, deadline);
  if (!header) return std::nullopt;
  std::size_t n = 0;
  for (const char c : *header) n = (n << 8) | static_cast<unsigned char>(c);
  if (n > max_payload) return std::nullopt;
  return read_exact(n, deadline);
}

bool FrameStream::closed_by_peer(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  char buf[4096];
  while (wait_ready(fd_.get(), POLLIN, deadline)) {
    const ssize_t got = recv(fd_.get(), buf, sizeof buf, MSG_DONTWAIT);
    if (got == 0) return true;
    if (got < 0 && errno != EAGAIN && errno != EINTR) return true;
  }
  return false;
}

void FrameStream::shutdown_send() { shutdown(fd_.get(), SHUT_WR); }

}  // namespace lab1::tests
