// Trusted helper of the part-3 programs: put a ZeroMQ socket on an inherited listening fd.
#pragma once

#include <zmq.hpp>

namespace lab1::programs {

/// Makes `socket` serve on `fd`, an inherited listening TCP socket, through ZMQ_USE_FD (libzmq
/// >= 4.2; the endpoint given to bind() is then only a label, built here from the fd's own
/// address). The socket takes ownership of the fd. Throws std::runtime_error / zmq::error_t.
void bind_inherited(zmq::socket_t& socket, int fd);

}  // namespace lab1::programs
