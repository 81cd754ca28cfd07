// Trusted helper of the part-3 programs: ZMQ_USE_FD on an inherited listener.
#include "labs/lab1-network/programs/zmq_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "labs/lab1-network/programs/support.hpp"

namespace lab1::programs {

void bind_inherited(zmq::socket_t& socket, int fd) {
  inherited_socket(fd, SOCK_STREAM, true);
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 || addr.sin_family != AF_INET) {
    throw std::runtime_error("fd " + std::to_string(fd) + " is not an IPv4 TCP socket");
  }
  char host[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
  socket.set(zmq::sockopt::use_fd, fd);
  socket.bind("tcp://" + std::string(host) + ":" + std::to_string(ntohs(addr.sin_port)));
}

}  // namespace lab1::programs
