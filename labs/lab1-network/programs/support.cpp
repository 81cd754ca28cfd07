// Trusted helpers shared by the lab-1 programs.
#include "labs/lab1-network/programs/support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <system_error>

namespace lab1::programs {

int inherited_socket(int fd, int type, bool listening) {
  if (fd < 0 || fcntl(fd, F_GETFD) < 0) {
    throw std::runtime_error("fd " + std::to_string(fd) + " is not open");
  }
  int value = 0;
  socklen_t len = sizeof value;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &value, &len) != 0) {
    throw std::runtime_error("fd " + std::to_string(fd) + " is not a socket");
  }
  if (value != type) {
    throw std::runtime_error("fd " + std::to_string(fd) + " is not a " +
                             (type == SOCK_DGRAM ? "datagram" : "stream") + " socket");
  }
  if (listening) {
    len = sizeof value;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &len) != 0 || value == 0) {
      throw std::runtime_error("fd " + std::to_string(fd) + " is not a listening socket");
    }
  }
  return fd;
}

int bind_loopback(int type, std::uint16_t port) {
  const int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      (type == SOCK_STREAM && listen(fd, 128) != 0) ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int error = errno;
    close(fd);
    throw std::system_error(error, std::generic_category(), "bind 127.0.0.1:" + std::to_string(port));
  }
  std::fprintf(stderr, "listening on 127.0.0.1:%u\n", static_cast<unsigned>(ntohs(addr.sin_port)));
  return fd;
}

int run_main(const char* program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s: usage error: %s (see --help)\n", program, e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: error: %s\n", program, e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "%s: error: unknown exception\n", program);
    return 1;
  }
}

}  // namespace lab1::programs
