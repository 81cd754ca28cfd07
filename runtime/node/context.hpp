// The node contract: the Context a handler acts through, and the shape of a node type.
// A node is a deterministic event handler: it reacts to start, to a message and to its own
// timers, and everything it does (send, timers, storage, output, log) goes through the Context.
#pragma once

#include <concepts>
#include <fmt/format.h>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "runtime/codec/state.hpp"
#include "runtime/node/effects.hpp"
#include "runtime/node/storage.hpp"
#include "runtime/node/types.hpp"
#include "runtime/random/random.hpp"

namespace dslab::node {

/// A lab's protocol: the typed messages, timers and outputs of its nodes, each a std::variant
/// of DSLAB_STATE structs.
template <class P>
concept Protocol = requires {
  typename P::Message;
  typename P::Timer;
  typename P::Output;
};

/// Everything one event may touch, owned by the engine that runs the node. The Context is a
/// short-lived view over it for the duration of one handler call.
template <class P>
struct EventScope {
  NodeId self = 0;
  std::span<const NodeId> nodes;   ///< every node of the cluster, including self, ascending
  Time now = 0;
  random::Rng* rng = nullptr;      ///< the node's own stream
  TimerId* next_timer = nullptr;   ///< the node's timer id counter
  StorageMap* storage = nullptr;   ///< the node's stable storage
  Effects<P>* effects = nullptr;   ///< where the handler's effects are appended
  /// A part's keys live under this prefix of `storage` (runtime/node/part.hpp); "" for a node.
  std::string storage_prefix = {};
};

/// What a handler uses to act. Valid only during the handler call that received it.
/// Not thread-safe (nodes are single-threaded by contract).
template <Protocol P>
class Context {
 public:
  using Message = typename P::Message;
  using Timer = typename P::Timer;
  using Output = typename P::Output;

  explicit Context(const EventScope<P>& scope)
      : scope_(scope),
        storage_(*scope.storage, &Context::record_write, scope.effects, scope.storage_prefix) {}

  /// This node's id.
  NodeId self() const { return scope_.self; }
  /// Every node of the cluster, including this one, in ascending order.
  std::span<const NodeId> nodes() const { return scope_.nodes; }
  /// Number of nodes in the cluster.
  int cluster_size() const { return static_cast<int>(scope_.nodes.size()); }
  /// Current virtual time (µs). The only clock a node may read.
  Time now() const { return scope_.now; }

  /// Sends `msg` to node `to`. Delivery is up to the network: it may be delayed, dropped,
  /// duplicated or reordered.
  void send(NodeId to, Message msg) { scope_.effects->emplace_back(Send<P>{to, std::move(msg)}); }
  /// Sends `msg` to every node of the cluster, this one included.
  void broadcast(const Message& msg) {
    for (NodeId to : scope_.nodes) send(to, msg);
  }
  /// Sends `msg` to every node except this one.
  void send_to_others(const Message& msg) {
    for (NodeId to : scope_.nodes) {
      if (to != scope_.self) send(to, msg);
    }
  }

  /// Fires `timer` once, `after` µs from now (after >= 0). Returns an id to cancel it with.
  TimerId set_timer(Duration after, Timer timer) {
    const TimerId id = (*scope_.next_timer)++;
    scope_.effects->emplace_back(SetTimer<P>{id, after < 0 ? 0 : after, std::move(timer)});
    return id;
  }
  /// Cancels a timer; harmless if it already fired or was cancelled.
  void cancel_timer(TimerId id) { scope_.effects->emplace_back(CancelTimer{id}); }

  /// This node's deterministic random stream (seeded by the run; survives nothing but itself).
  random::Rng& random() { return *scope_.rng; }
  /// This node's stable storage: the only state that survives a crash.
  Storage& storage() { return storage_; }

  /// Reports an observable output (a decision, a suspicion, a reply) to checkers and tests.
  void output(Output out) { scope_.effects->emplace_back(Emit<P>{std::move(out)}); }
  /// The event this context acts on. For runtime adapters that run a part of a node with its
  /// own Context (runtime/node/part.hpp); a node's handlers have no use for it.
  const EventScope<P>& scope() const { return scope_; }

  /// Appends a line to the node's log (shown in traces).
  void log(std::string text) { scope_.effects->emplace_back(Log{std::move(text)}); }
  /// Formats and logs: ctx.logf("round {} promised", r).
  template <class... Args>
  void logf(fmt::format_string<Args...> format, Args&&... args) {
    log(fmt::format(format, std::forward<Args>(args)...));
  }

 private:
  static void record_write(void* effects, StorageWrite write) {
    static_cast<Effects<P>*>(effects)->emplace_back(std::move(write));
  }

  const EventScope<P>& scope_;
  Storage storage_;
};

/// A node type: default-constructible (a fresh node, before start or after a crash), copyable,
/// declared with DSLAB_STATE (a value: comparable, hashable, snapshot-able), with `on_start` and
/// one handler per message and timer type, called by typed dispatch (runtime/node/dispatch.hpp:
/// a missing handler is a compile error naming the type there, rather than a failed concept).
template <class N>
concept Node = Protocol<typename N::Protocol> && std::default_initializable<N> &&
               std::copyable<N> && codec::Described<N> &&
               requires(N& node, Context<typename N::Protocol>& ctx) { node.on_start(ctx); };

}  // namespace dslab::node
