// Part 2 (reference solution): epoll echo server with per-client buffers and backpressure.
#include "echo_server.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <map>
#include <string>
#include <system_error>

#include "framing.hpp"

namespace lab1 {
namespace {

struct Client {
  FrameDecoder decoder;
  std::string out;        // encoded echoes not yet written
  bool peer_done = false; // the client shut down its sending side
};

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

class EchoServer {
 public:
  explicit EchoServer(int listen_fd) : listen_fd_(listen_fd), epoll_fd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_fd_ < 0) fail("epoll_create1");
    const int flags = fcntl(listen_fd_, F_GETFL);
    if (flags < 0 || fcntl(listen_fd_, F_SETFL, flags | O_NONBLOCK) < 0) fail("fcntl");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd_;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) < 0) fail("epoll_ctl");
  }
  ~EchoServer() {
    for (auto& [fd, client] : clients_) close(fd);
    close(epoll_fd_);
  }
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  void run() {
    std::array<epoll_event, 64> events{};
    for (;;) {
      const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
      if (n < 0) {
        if (errno == EINTR) continue;
        fail("epoll_wait");
      }
      for (int i = 0; i < n; ++i) {
        const int fd = events[static_cast<std::size_t>(i)].data.fd;
        if (fd == listen_fd_) {
          accept_all();
        } else {
          on_client_event(fd, events[static_cast<std::size_t>(i)].events);
        }
      }
    }
  }

 private:
  void accept_all() {
    for (;;) {
      const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          std::perror("echo: accept");  // the connection waits in the backlog; try later
          return;
        }
        fail("accept4");
      }
      clients_.try_emplace(fd);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) < 0) drop(fd);
    }
  }

  void on_client_event(int fd, std::uint32_t events) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) return;
    Client& c = it->second;
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 && !c.peer_done &&
        c.out.size() < kMaxPendingOutput) {
      if (!read_from(fd, c)) return drop(fd);
    }
    if (!c.out.empty() && !write_to(fd, c)) return drop(fd);
    if (c.peer_done && c.out.empty()) return drop(fd);
    update_interest(fd, c);
  }

  /// Reads what is available (bounded per call, for fairness). False: drop the client.
  bool read_from(int fd, Client& c) {
    std::array<char, 16384> buf{};
    for (int round = 0; round < 4 && c.out.size() < kMaxPendingOutput; ++round) {
      const ssize_t got = read(fd, buf.data(), buf.size());
      if (got == 0) {
        c.peer_done = true;
        try {
          c.decoder.finish();
        } catch (const FrameError& e) {
          std::fprintf(stderr, "echo: client %d: %s\n", fd, e.what());
          return false;
        }
        return true;
      }
      if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
      try {
        for (const std::string& frame : c.decoder.feed({buf.data(), static_cast<std::size_t>(got)})) {
          c.out += encode_frame(frame);
        }
      } catch (const FrameError& e) {
        std::fprintf(stderr, "echo: client %d: %s\n", fd, e.what());
        return false;
      }
    }
    return true;
  }

  /// Writes as much pending output as the socket takes. False: drop the client.
  static bool write_to(int fd, Client& c) {
    while (!c.out.empty()) {
      const ssize_t sent = send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
      c.out.erase(0, static_cast<std::size_t>(sent));
    }
    return true;
  }

  void update_interest(int fd, const Client& c) {
    epoll_event ev{};
    ev.data.fd = fd;
    if (!c.peer_done && c.out.size() < kMaxPendingOutput) ev.events |= EPOLLIN;
    if (!c.out.empty()) ev.events |= EPOLLOUT;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) < 0) drop(fd);
  }

  void drop(int fd) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    clients_.erase(fd);
  }

  int listen_fd_;
  int epoll_fd_;
  std::map<int, Client> clients_;
};

}  // namespace

void serve_echo(int listen_fd) { EchoServer(listen_fd).run(); }

}  // namespace lab1
