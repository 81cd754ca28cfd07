// Part 2 (yours; keep the public API): a multi-client framed echo server, one thread, readiness-based (poll/epoll).
#pragma once

#include <cstddef>

namespace lab1 {

/// Once this many echoed bytes wait for a slow client, stop reading from it until they drain.
inline constexpr std::size_t kMaxPendingOutput = std::size_t{1} << 20;

/// Serves on `listen_fd`, a bound, listening TCP socket (the program created it). Accepts any
/// number of clients and, for each one, decodes frames (FrameDecoder) and sends every frame
/// straight back, encoded the same way, in order. One thread serves everyone: a client that
/// sends half a frame, or never reads, must not delay the others. A client that violates the
/// framing rules (oversized length) is disconnected; the others are unaffected. When a client
/// closes its sending side, its pending echoes are still delivered before the server closes
/// the connection. Runs until a fatal error on the listening socket (throws
/// std::system_error). Does not close `listen_fd`.
void serve_echo(int listen_fd);

}  // namespace lab1
