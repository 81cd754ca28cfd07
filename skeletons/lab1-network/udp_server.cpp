// Part 1 (skeleton): the UDP command server loop.
#include "udp_server.hpp"

#include <stdexcept>

#include "commands.hpp"

namespace lab1 {

void serve_udp(int /*fd*/) {
  // Loop: recvfrom() one datagram (how do you notice one longer than your buffer?),
  // compute handle_request(), sendto() the reply back to the sender. Never stop on a bad
  // datagram.
  throw std::logic_error("not implemented: serve_udp");
}

}  // namespace lab1
