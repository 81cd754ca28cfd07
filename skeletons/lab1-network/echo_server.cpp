// Part 2 (skeleton): the multi-client echo server.
#include "echo_server.hpp"

#include <stdexcept>

#include "framing.hpp"

namespace lab1 {

void serve_echo(int /*listen_fd*/) {
  // One thread: poll() or epoll over the listener and every client; non-blocking sockets; a
  // FrameDecoder and an output buffer per client.
  throw std::logic_error("not implemented: serve_echo");
}

}  // namespace lab1
