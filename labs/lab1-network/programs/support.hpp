// Trusted helpers shared by the lab-1 programs: inherited sockets, loopback binding, error exits.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace lab1::programs {

/// Checks that `fd` is an open socket of `type` (SOCK_DGRAM or SOCK_STREAM), listening when
/// `listening`, and returns it. Throws std::runtime_error naming the problem otherwise.
int inherited_socket(int fd, int type, bool listening);

/// A new socket of `type` bound to 127.0.0.1:`port` (0 = ephemeral), listening if a stream
/// socket. Prints "listening on 127.0.0.1:<port>" to stderr. Throws std::system_error.
int bind_loopback(int type, std::uint16_t port);

/// Runs `body` and turns any exception into "<program>: error: <what>" on stderr and exit
/// code 1; a usage problem (std::invalid_argument) exits 2.
int run_main(const char* program, const std::function<int()>& body);

}  // namespace lab1::programs
