// "ping": the toy protocol the runtime's own tests and benchmarks run (not a lab). Every node
// keeps a ping-pong chain going with every other node; a periodic tick restarts chains that a
// lost message broke, and the number of completed round trips is kept in stable storage.
#pragma once

#include <cstdint>
#include <map>
#include <variant>

#include "runtime/node/context.hpp"

namespace dslab::examples::ping {

struct Ping {
  std::uint64_t seq = 0;
  DSLAB_STATE(Ping, seq)
};
struct Pong {
  std::uint64_t seq = 0;
  DSLAB_STATE(Pong, seq)
};
struct Tick {
  DSLAB_STATE(Tick)
};
/// Output: a round trip with `peer` completed.
struct RoundTrip {
  NodeId peer = 0;
  std::uint64_t seq = 0;
  DSLAB_STATE(RoundTrip, peer, seq)
};

struct Protocol {
  using Message = std::variant<Ping, Pong>;
  using Timer = std::variant<Tick>;
  using Output = std::variant<RoundTrip>;
};

/// Tick period: a chain with no progress for this long is restarted.
inline constexpr Duration kTick = msec(50);

/// The ping node. `emit_outputs` off keeps benchmarks free of output bookkeeping.
class PingNode {
 public:
  using Protocol = ping::Protocol;

  void on_start(node::Context<Protocol>& ctx);
  void on_message(node::Context<Protocol>& ctx, NodeId from, const Protocol::Message& msg);
  void on_timer(node::Context<Protocol>& ctx, const Protocol::Timer& timer);

  std::uint64_t round_trips() const { return round_trips_; }

 private:
  struct Chain {
    std::uint64_t seq = 0;        // last ping sent
    bool progressed = false;      // a pong arrived since the last tick
    DSLAB_STATE(Chain, seq, progressed)
  };
  std::map<NodeId, Chain> chains_;
  std::uint64_t round_trips_ = 0;
  DSLAB_STATE(PingNode, chains_, round_trips_)
};

}  // namespace dslab::examples::ping
