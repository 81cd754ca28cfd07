// Part 3 (yours; keep the public API): the "lazy pirate" client: retry with a timeout, give up after N tries.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <zmq.hpp>

namespace lab1 {

/// How the client retries.
struct ClientOptions {
  std::string client_id = "client";          ///< prefix of every request id; unique per client
  std::chrono::milliseconds timeout{250};    ///< how long one try waits for its reply
  int tries = 3;                             ///< tries per request in all (>= 1)
};

/// Sends requests over `socket`, a DEALER socket already connected (or bound) by the program,
/// and waits for the matching replies. Not thread-safe.
class LazyPirateClient {
 public:
  /// Keeps a reference to `socket`, which must outlive the client.
  /// Throws std::invalid_argument if options.tries < 1 or the timeout is not positive.
  LazyPirateClient(zmq::socket_t& socket, ClientOptions options);

  /// Sends `body` as a new request with a fresh id ("<client_id>:<n>", n = 1, 2, ...) as the
  /// frames ["", id, body]. Waits up to `timeout` for a reply ["", id, reply] with the SAME
  /// id; replies with any other id (late answers to earlier requests, duplicates) are
  /// discarded. On timeout, sends the same request with the same id again; after `tries`
  /// tries without a reply, returns nullopt (the request may or may not have been executed).
  std::optional<std::string> request(std::string_view body);

 private:
  /// Waits until `deadline` for the socket to accept a message (it has a peer).
  bool wait_writable(std::chrono::steady_clock::time_point deadline);
  /// Waits until `deadline` for the reply to `id`.
  std::optional<std::string> await_reply(const std::string& id,
                                         std::chrono::steady_clock::time_point deadline);

  zmq::socket_t& socket_;
  ClientOptions options_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace lab1
