// The interface every engine implements: something that holds a cluster's nodes and runs one
// handler call at a time for the simulator (in-process, node host, one process per node).
#pragma once

#include <span>
#include <stdexcept>
#include <string>

#include "runtime/codec/view.hpp"
#include "runtime/codec/wire.hpp"
#include "runtime/node/context.hpp"

namespace dslab::engine {

/// The engine could not run a handler: the node's process crashed, hung, flooded, or answered
/// garbage; or the node's code threw. The simulator turns it into a failed run with `what()`
/// as the reason.
class EngineFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs nodes. The caller (the simulator) owns time, randomness, timer ids, the network and the
/// authoritative copy of stable storage; the engine owns the node objects and the node-visible
/// copy of their storage. Handler effects are appended to `scope.effects`, in order.
/// Not thread-safe.
template <node::Protocol P>
class Engine {
 public:
  using Message = typename P::Message;
  using Timer = typename P::Timer;

  virtual ~Engine() = default;

  /// (Re)creates node `self` as a fresh, default-constructed node whose stable storage holds
  /// `storage`; `nodes` lists the whole cluster. Replaces any node already there.
  virtual void create(NodeId self, std::span<const NodeId> nodes,
                      const node::StorageMap& storage) = 0;
  /// Destroys node `self` (a crash): its in-memory state is gone.
  virtual void destroy(NodeId self) = 0;
  /// Destroys every node (between runs that reuse an engine).
  virtual void reset() = 0;

  /// Calls on_start. `scope.storage` is filled in by the engine.
  virtual void start(node::EventScope<P>& scope) = 0;
  /// Calls on_message(from, msg).
  virtual void deliver(node::EventScope<P>& scope, NodeId from, const Message& msg) = 0;
  /// Calls on_timer(timer).
  virtual void fire(node::EventScope<P>& scope, const Timer& timer) = 0;

  /// The node's state, encoded (DSLAB_STATE of the node type).
  virtual codec::Bytes snapshot(NodeId self) = 0;
  /// Replaces the node's state by a snapshot taken earlier.
  virtual void restore(NodeId self, std::span<const std::byte> snapshot) = 0;
  /// JSON view of the node's state, for traces and the exam harness.
  virtual codec::Json view(NodeId self) = 0;

  /// A short description for reports, e.g. "in-process" or "node host (1 process)".
  virtual std::string describe() const = 0;
};

}  // namespace dslab::engine
