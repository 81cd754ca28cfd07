// Part 1 (yours; keep the public API): the UDP command server loop over an already-bound datagram socket.
#pragma once

namespace lab1 {

/// Serves requests on `fd`, a bound UDP socket (the program that calls this created it).
/// For every datagram received, sends exactly one datagram back to its sender: the reply of
/// handle_request(). Bad datagrams (empty, oversized up to 65507 bytes, binary, malformed)
/// get kUnknownCommand and never stop the loop. Runs until a fatal error on the socket, then
/// throws std::system_error. Does not close `fd`. Single-threaded.
void serve_udp(int fd);

}  // namespace lab1
