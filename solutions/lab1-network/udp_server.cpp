// Part 1 (reference solution): the UDP command server loop.
#include "udp_server.hpp"

#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "commands.hpp"

namespace lab1 {
namespace {

/// Errors that concern one datagram or one peer, not the socket: keep serving.
bool transient(int error) {
  return error == EINTR || error == EAGAIN || error == EWOULDBLOCK || error == ECONNREFUSED ||
         error == ENOBUFS || error == EHOSTUNREACH || error == ENETUNREACH || error == EMSGSIZE;
}

}  // namespace

void serve_udp(int fd) {
  // One byte more than the largest UDP payload, so nothing is ever silently cut.
  std::vector<char> buffer(65536);
  for (;;) {
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    // MSG_TRUNC makes recvfrom return the real length even if the buffer were too small.
    const ssize_t got = recvfrom(fd, buffer.data(), buffer.size(), MSG_TRUNC,
                                 reinterpret_cast<sockaddr*>(&peer), &peer_len);
    if (got < 0) {
      if (transient(errno)) continue;
      throw std::system_error(errno, std::generic_category(), "recvfrom");
    }
    const auto length = static_cast<std::size_t>(got);
    const std::string reply =
        length > buffer.size() ? std::string(kUnknownCommand)
                               : handle_request(std::string_view(buffer.data(), length));
    const ssize_t sent = sendto(fd, reply.data(), reply.size(), 0,
                                reinterpret_cast<const sockaddr*>(&peer), peer_len);
    if (sent < 0 && !transient(errno)) {
      throw std::system_error(errno, std::generic_category(), "sendto");
    }
  }
}

}  // namespace lab1
