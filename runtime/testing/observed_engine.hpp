// ObservedEngine: an engine decorator that lets checkers and counters see every handler call of
// a run's nodes with its effects (sends, timers, outputs, storage writes), and every creation
// (boot or restart) and destruction (crash) of a node, whatever engine runs the nodes
// (in-process or the node host). It is the one way to observe what nodes do; it never reads a
// node's memory.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "runtime/engine/engine.hpp"

namespace dslab::labkit {

/// Which handler ran.
enum class CallKind { kStart, kMessage, kTimer };

/// One handler call as the engine saw it, with the effects it produced. `msg` is set for
/// kMessage only, `timer` for kTimer only. Pointers and the span are valid during the
/// listener call only.
template <class P>
struct HandlerCall {
  NodeId node = 0;
  Time now = 0;
  CallKind kind = CallKind::kStart;
  NodeId from = 0;  ///< kMessage: the sender (kEnvironment for a client or the test)
  const typename P::Message* msg = nullptr;
  const typename P::Timer* timer = nullptr;
  std::span<const node::Effect<P>> effects;
};

/// Forwards everything to `inner` and reports each handler call, each creation and each
/// destruction to the listeners, in the order the engine sees them. Listeners are per run: clear
/// them before attaching a new run's checkers. Not thread-safe.
template <node::Protocol P>
class ObservedEngine final : public engine::Engine<P> {
 public:
  using Message = typename P::Message;
  using Timer = typename P::Timer;
  using CallListener = std::function<void(const HandlerCall<P>&)>;
  /// A node's memory was created: at boot and at every restart (storage = its stable storage).
  using CreateListener = std::function<void(NodeId, const node::StorageMap&)>;
  /// A node's memory was destroyed: a crash (or the end of a run).
  using CrashListener = std::function<void(NodeId)>;

  explicit ObservedEngine(engine::Engine<P>& inner) : inner_(inner) {}

  void on_call(CallListener l) { calls_.push_back(std::move(l)); }
  void on_create(CreateListener l) { creates_.push_back(std::move(l)); }
  void on_crash(CrashListener l) { crashes_.push_back(std::move(l)); }
  void clear_listeners() {
    calls_.clear();
    creates_.clear();
    crashes_.clear();
  }

  void create(NodeId self, std::span<const NodeId> nodes,
              const node::StorageMap& storage) override {
    inner_.create(self, nodes, storage);
    for (auto& l : creates_) l(self, storage);
  }
  void destroy(NodeId self) override {
    inner_.destroy(self);
    for (auto& l : crashes_) l(self);
  }
  void reset() override { inner_.reset(); }

  void start(node::EventScope<P>& scope) override {
    observe(scope, CallKind::kStart, 0, nullptr, nullptr, [&] { inner_.start(scope); });
  }
  void deliver(node::EventScope<P>& scope, NodeId from, const Message& msg) override {
    observe(scope, CallKind::kMessage, from, &msg, nullptr,
            [&] { inner_.deliver(scope, from, msg); });
  }
  void fire(node::EventScope<P>& scope, const Timer& timer) override {
    observe(scope, CallKind::kTimer, 0, nullptr, &timer, [&] { inner_.fire(scope, timer); });
  }

  codec::Bytes snapshot(NodeId self) override { return inner_.snapshot(self); }
  void restore(NodeId self, std::span<const std::byte> snapshot) override {
    inner_.restore(self, snapshot);
  }
  codec::Json view(NodeId self) override { return inner_.view(self); }
  std::string describe() const override { return inner_.describe(); }

 private:
  template <class Run>
  void observe(node::EventScope<P>& scope, CallKind kind, NodeId from, const Message* msg,
               const Timer* timer, Run&& run) {
    const std::size_t before = scope.effects->size();
    run();  // an EngineFailure propagates to the simulator, which fails the run
    HandlerCall<P> call{.node = scope.self,
                        .now = scope.now,
                        .kind = kind,
                        .from = from,
                        .msg = msg,
                        .timer = timer,
                        .effects = std::span<const node::Effect<P>>(*scope.effects).subspan(before)};
    for (auto& l : calls_) l(call);
  }

  engine::Engine<P>& inner_;
  std::vector<CallListener> calls_;
  std::vector<CreateListener> creates_;
  std::vector<CrashListener> crashes_;
};

}  // namespace dslab::labkit
