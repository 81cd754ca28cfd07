// Part 3 (yours; keep the public API): an at-most-once request/reply server over ZeroMQ (request ids and a reply cache).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include <zmq.hpp>

namespace lab1 {

/// Replies cached at most; the oldest are forgotten first.
inline constexpr std::size_t kReplyCacheSize = 100'000;

/// The server's state machine, without sockets. Requests (bodies) are
///   "INCR <key>"  adds one to counter <key> (initially 0), replies with its new value;
///   "GET <key>"   replies with the value of <key> (0 if never incremented);
/// where <key> is 1 to 64 bytes after the single space. Any other body gets "ERR bad request".
/// Not thread-safe.
class RequestHandler {
 public:
  /// The reply to request `id`. The first time an id is seen, executes `body` and remembers
  /// the reply; later requests with the same id (retries, duplicates) get the same reply
  /// again and execute nothing, whatever their body.
  std::string handle(std::string_view id, std::string_view body);

  /// How many requests were executed (cache misses).
  std::uint64_t executions() const { return executions_; }

 private:
  // TODO: the counters, the reply cache (bounded by kReplyCacheSize) and the execution count.
  std::uint64_t executions_ = 0;
};

/// Serves on `router`, a ROUTER socket already bound by the program. A request arrives as the
/// frames [peer identity, empty delimiter, request id, body] (what a REQ socket or a DEALER
/// that sends ["", id, body] produces); the reply goes back as
/// [peer identity, empty delimiter, request id, reply]. Any other shape is dropped without a
/// reply and without stopping the server. Returns when the context is terminated.
void serve_requests(zmq::socket_t& router);

}  // namespace lab1
