// Hidden-test helper: a trusted ZeroMQ proxy between test clients and a student's server that
// drops, delays and duplicates requests and replies, and records what reached the server.
#pragma once

#include <netinet/in.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "runtime/random/random.hpp"

namespace lab1::tests {

/// Fault rates (integer ratios), applied to each message independently.
struct Faults {
  dslab::random::Ratio drop{15, 100};
  dslab::random::Ratio duplicate{15, 100};
  dslab::random::Ratio delay{30, 100};
  int max_delay_ms = 30;
};

/// What the proxy saw. Filled by the proxy thread; read it after stop().
struct ProxyLog {
  std::map<std::string, std::string> forwarded;           ///< id -> body, reached the server
  std::map<std::string, std::set<std::string>> replies;  ///< id -> distinct replies from server
};

/// Clients connect DEALERs to endpoint() and speak ["", id, body]; the proxy forwards to the
/// server at `server` (one DEALER connection, so order on it is preserved) and routes the
/// replies back by id. Thread-safe: its sockets live in its own thread.
class FaultProxy {
 public:
  FaultProxy(const sockaddr_in& server, Faults faults, std::uint64_t seed);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  /// "inproc://..." to connect test clients to.
  const std::string& endpoint() const { return endpoint_; }
  /// Turns faults off and forwards everything held back; returns once that is done.
  void heal();
  /// Stops the thread and returns the log.
  ProxyLog stop();

 private:
  void run(sockaddr_in server);

  Faults faults_;
  dslab::random::Rng rng_;
  std::string endpoint_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  bool ready_ = false;
  bool heal_requested_ = false;
  bool healed_ = false;
  ProxyLog log_;
  std::thread thread_;
};

}  // namespace lab1::tests
