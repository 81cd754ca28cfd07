// Trusted test helper: loopback sockets made by the test, a UDP asker, a framed TCP client.
#pragma once

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "labs/lab1-network/tests/common/process.hpp"

namespace lab1::tests {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// How long the waits below go on after the watched program has exited: what it sent before
/// exiting is already in the kernel's buffers (or ZeroMQ's queues) well within this.
inline constexpr milliseconds kExitGrace{500};

/// Makes every wait in these helpers (udp_ask, FrameStream, DealerPeer) give up kExitGrace after
/// `program` has exited: a program that is gone sends nothing more, so waiting out a 5-second
/// timeout only costs time (a skeleton that exits at once would otherwise cost minutes).
/// nullptr stops watching. The verdicts stay the same. Not thread-safe: call it from the test's
/// thread, one watched program at a time.
void watch_program(Program* program);

/// `deadline`, or the watched program's exit time plus kExitGrace if that is earlier.
Clock::time_point watched_deadline(Clock::time_point deadline);

/// How often a wait looks at the watched program.
inline constexpr milliseconds kWatchSlice{50};

/// An owned file descriptor (closed on destruction). Movable, not copyable.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

/// A socket bound to 127.0.0.1 on an ephemeral port, and that address.
struct Bound {
  Fd fd;
  sockaddr_in address{};
  /// "127.0.0.1:<port>".
  std::string describe() const;
};

/// A UDP socket on 127.0.0.1:0 (what a server program is given). Throws std::system_error.
Bound bind_udp();
/// A listening TCP socket on 127.0.0.1:0 (backlog 512). Throws std::system_error.
Bound listen_tcp();

/// Sends `request` to `server` from a fresh UDP socket and returns the first datagram that
/// comes back within `timeout`, or nullopt. Each call uses its own socket, so a late reply to
/// an earlier call can never be taken for this one's.
std::optional<std::string> udp_ask(const sockaddr_in& server, std::string_view request,
                                   milliseconds timeout);

/// The frame of `payload` as the lab specifies it (4-byte big-endian length, then bytes).
std::string frame(std::string_view payload);

/// A TCP connection to a framed server, with deadline-bounded reads. Not thread-safe.
class FrameStream {
 public:
  /// Connects to `server` (blocking connect). Throws std::system_error.
  explicit FrameStream(const sockaddr_in& server);
  /// Writes all of `bytes` (waits for room until `timeout`). False if the peer is gone or
  /// the time ran out.
  bool send_raw(std::string_view bytes, milliseconds timeout = milliseconds(5000));
  /// Reads one frame (header, then payload) within `timeout`; nullopt on timeout, EOF, error
  /// or a header announcing more than `max_payload` bytes.
  std::optional<std::string> read_frame(milliseconds timeout, std::size_t max_payload = 1 << 20);
  /// True if the peer closes the connection (EOF or reset) within `timeout`; data that
  /// arrives before that is discarded.
  bool closed_by_peer(milliseconds timeout);
  /// Shuts down our sending side (the server sees EOF).
  void shutdown_send();
  int fd() const { return fd_.get(); }

 private:
  /// Reads exactly n bytes before `deadline`.
  std::optional<std::string> read_exact(std::size_t n, Clock::time_point deadline);
  Fd fd_;
};

}  // namespace lab1::tests
