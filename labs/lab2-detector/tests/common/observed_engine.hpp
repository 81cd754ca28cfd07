// Lab 2 tests (trusted): an engine decorator that lets checkers see every handler call of the
// student's nodes with its effects (sends, timers, outputs), whatever engine runs them.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "labs/lab2-detector/api/protocol.hpp"
#include "runtime/engine/engine.hpp"

namespace lab2::testing {

using dslab::Time;
using Effect = dslab::node::Effect<Protocol>;

/// Which handler ran.
enum class CallKind { kStart, kMessage, kTimer };

/// One handler call as the engine saw it. `msg` is set for kMessage only. Valid during the
/// listener call only.
struct HandlerCall {
  NodeId node = 0;
  Time now = 0;
  CallKind kind = CallKind::kStart;
  NodeId from = 0;
  const Protocol::Message* msg = nullptr;
  std::span<const Effect> effects;
};

/// Forwards everything to `inner` and reports each handler call and each crash (destroy) to the
/// listeners. Listeners are per run: clear them before attaching a new run's checkers.
/// Not thread-safe.
class ObservedEngine final : public dslab::engine::Engine<Protocol> {
 public:
  using CallListener = std::function<void(const HandlerCall&)>;
  using CrashListener = std::function<void(NodeId)>;

  explicit ObservedEngine(dslab::engine::Engine<Protocol>& inner) : inner_(inner) {}

  void on_call(CallListener l) { calls_.push_back(std::move(l)); }
  void on_crash(CrashListener l) { crashes_.push_back(std::move(l)); }
  void clear_listeners() {
    calls_.clear();
    crashes_.clear();
  }

  void create(NodeId self, std::span<const NodeId> nodes,
              const dslab::node::StorageMap& storage) override {
    inner_.create(self, nodes, storage);
  }
  void destroy(NodeId self) override {
    inner_.destroy(self);
    for (auto& l : crashes_) l(self);
  }
  void reset() override { inner_.reset(); }

  void start(dslab::node::EventScope<Protocol>& scope) override {
    observe(scope, CallKind::kStart, 0, nullptr, [&] { inner_.start(scope); });
  }
  void deliver(dslab::node::EventScope<Protocol>& scope, NodeId from, const Message& msg) override {
    observe(scope, CallKind::kMessage, from, &msg, [&] { inner_.deliver(scope, from, msg); });
  }
  void fire(dslab::node::EventScope<Protocol>& scope, const Timer& timer) override {
    observe(scope, CallKind::kTimer, 0, nullptr, [&] { inner_.fire(scope, timer); });
  }

  dslab::codec::Bytes snapshot(NodeId self) override { return inner_.snapshot(self); }
  void restore(NodeId self, std::span<const std::byte> snapshot) override {
    inner_.restore(self, snapshot);
  }
  dslab::codec::Json view(NodeId self) override { return inner_.view(self); }
  std::string describe() const override { return inner_.describe(); }

 private:
  template <class Run>
  void observe(dslab::node::EventScope<Protocol>& scope, CallKind kind, NodeId from,
               const Message* msg, Run&& run) {
    const std::size_t before = scope.effects->size();
    run();  // an EngineFailure propagates to the simulator, which fails the run
    HandlerCall call{scope.self, scope.now, kind, from, msg, {}};
    call.effects = std::span<const Effect>(*scope.effects).subspan(before);
    for (auto& l : calls_) l(call);
  }

  dslab::engine::Engine<Protocol>& inner_;
  std::vector<CallListener> calls_;
  std::vector<CrashListener> crashes_;
};

}  // namespace lab2::testing
