// The real network's transport: ZeroMQ over TCP. A node listens on one PULL socket and talks to
// each peer through its own PUSH socket. Sends never block: with high-water marks and
// ZMQ_IMMEDIATE, a frame for a dead, slow or not yet connected peer is lost (and counted), as
// the algorithms already tolerate from the simulated network.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <zmq.hpp>

#include "runtime/node/types.hpp"

namespace dslab::net {

/// How a transport connects and how much it queues.
struct TransportOptions {
  /// "tcp://host:port" to listen on; empty for a send-only transport (a client, a test).
  std::string bind;
  /// Peer id -> "tcp://host:port" to send to.
  std::map<NodeId, std::string> peers;
  /// Frames queued per peer before sends to it are lost.
  int send_hwm = 1000;
  /// Frames queued on the receive side before ZeroMQ stops reading from the peers.
  int receive_hwm = 10000;
  /// The largest frame accepted off the wire (ZMQ_MAXMSGSIZE): a peer sending a larger one is
  /// disconnected by ZeroMQ before the frame is buffered. -1: no limit.
  std::int64_t max_frame = -1;
  /// Reconnection interval to a peer that went away.
  std::chrono::milliseconds reconnect{50};
};

/// Counters of one transport.
struct TransportStats {
  std::uint64_t sent = 0;         ///< frames handed to ZeroMQ
  std::uint64_t lost = 0;         ///< frames not sent: queue full or peer not connected
  std::uint64_t unknown_peer = 0; ///< frames for an id that is not in the peer map
  std::uint64_t received = 0;     ///< frames read from the listening socket
};

/// A node's sockets. Not thread-safe (one thread owns it, as ZeroMQ sockets require).
class Transport {
 public:
  /// Binds and connects. Throws std::runtime_error naming the endpoint if the bind fails (port
  /// in use, bad address).
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Queues `frame` for peer `to` without blocking. False if it was lost.
  bool send(NodeId to, std::span<const std::byte> frame);

  /// Waits until a frame arrives, `wake_fd` (if >= 0) becomes readable, or `timeout` passes;
  /// then hands every frame already received (at most `batch`) to `on_frame(span)`.
  /// Returns the number of frames handed over.
  template <class OnFrame>
  std::size_t poll(std::chrono::milliseconds timeout, int wake_fd, OnFrame&& on_frame,
                   std::size_t batch = 256) {
    if (!wait(timeout, wake_fd)) return 0;
    std::size_t n = 0;
    zmq::message_t message;
    while (n < batch && receive(message)) {
      ++n;
      on_frame(std::span<const std::byte>(static_cast<const std::byte*>(message.data()),
                                          message.size()));
    }
    return n;
  }

  const TransportStats& stats() const { return stats_; }

 private:
  /// True when something may be readable.
  bool wait(std::chrono::milliseconds timeout, int wake_fd);
  bool receive(zmq::message_t& message);

  TransportOptions options_;
  zmq::context_t context_;
  std::unique_ptr<zmq::socket_t> listen_;
  std::map<NodeId, zmq::socket_t> out_;
  TransportStats stats_;
};

}  // namespace dslab::net
