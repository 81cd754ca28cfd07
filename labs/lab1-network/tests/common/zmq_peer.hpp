// Trusted test helper: a ZeroMQ DEALER peer speaking the part-3 wire format ["", id, body].
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "labs/lab1-network/tests/common/net.hpp"

namespace lab1::tests {

/// The one ZeroMQ context of the test process.
zmq::context_t& zmq_context();

/// An (id, body) pair: a request, or a reply with the id it answers.
struct IdMessage {
  std::string id;
  std::string body;
};

/// A DEALER connected to tcp://<address>. Facing a student's server it plays a client;
/// facing a student's client (which binds), it plays the server. Not thread-safe.
class DealerPeer {
 public:
  explicit DealerPeer(const sockaddr_in& address);
  /// A DEALER connected to any ZeroMQ endpoint (e.g. "inproc://...").
  explicit DealerPeer(const std::string& endpoint);
  /// Sends ["", id, body].
  void send(const std::string& id, const std::string& body);
  /// Sends arbitrary frames (hostile input).
  void send_frames(const std::vector<std::string>& frames);
  /// The next well-formed ["", id, body] message within `timeout`; malformed ones are skipped.
  std::optional<IdMessage> receive(milliseconds timeout);
  /// send(), then waits for the reply with the same id (others are discarded).
  std::optional<std::string> call(const std::string& id, const std::string& body,
                                  milliseconds timeout);

 private:
  zmq::socket_t socket_;
};

}  // namespace lab1::tests
