// Nodes that break the isolation rules, for the isolation audit's tests: one reads another
// node's state through a process-wide global (sharing memory behind the network's back), one
// keeps state across a crash in a global instead of stable storage.
#pragma once

#include <map>

#include "runtime/examples/ping/ping.hpp"

namespace dslab::host::testhosts {

/// Publishes its round-trip count in a global and outputs the sum over all nodes it can see.
class SharingNode {
 public:
  using Protocol = examples::ping::Protocol;
  void on_start(node::Context<Protocol>& ctx) { inner_.on_start(ctx); }
  void on_message(node::Context<Protocol>& ctx, NodeId from, const Protocol::Message& m);
  void on_timer(node::Context<Protocol>& ctx, const Protocol::Timer& t) { inner_.on_timer(ctx, t); }

 private:
  examples::ping::PingNode inner_;
  DSLAB_STATE(SharingNode, inner_)
};

/// Counts its starts in a global: after a crash it "remembers" without stable storage.
class AmnesiaCheatNode {
 public:
  using Protocol = examples::ping::Protocol;
  void on_start(node::Context<Protocol>& ctx);
  void on_message(node::Context<Protocol>& ctx, NodeId from, const Protocol::Message& m) {
    inner_.on_message(ctx, from, m);
  }
  void on_timer(node::Context<Protocol>& ctx, const Protocol::Timer& t) { inner_.on_timer(ctx, t); }

 private:
  examples::ping::PingNode inner_;
  DSLAB_STATE(AmnesiaCheatNode, inner_)
};

/// Misbehaves as HOSTILE_MODE says on the first message it receives: abort, hang, flood,
/// throw, spam (too many sends). Otherwise a ping node.
class HostileNode {
 public:
  using Protocol = examples::ping::Protocol;
  void on_start(node::Context<Protocol>& ctx) { inner_.on_start(ctx); }
  void on_message(node::Context<Protocol>& ctx, NodeId from, const Protocol::Message& m);
  void on_timer(node::Context<Protocol>& ctx, const Protocol::Timer& t) { inner_.on_timer(ctx, t); }

 private:
  examples::ping::PingNode inner_;
  DSLAB_STATE(HostileNode, inner_)
};

}  // namespace dslab::host::testhosts
