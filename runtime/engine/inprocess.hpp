// The in-process engine: node objects live in the harness's address space. Fast and
// debugger-friendly; the default when a student runs tests locally.
#pragma once

#include <exception>
#include <map>
#include <vector>

#include "runtime/engine/engine.hpp"
#include "runtime/node/dispatch.hpp"

namespace dslab::engine {

/// Runs nodes of type N directly. Exceptions thrown by a handler become EngineFailure.
/// Not thread-safe.
template <node::Node N>
class InProcessEngine final : public Engine<typename N::Protocol> {
 public:
  using P = typename N::Protocol;
  using Message = typename P::Message;
  using Timer = typename P::Timer;

  void create(NodeId self, std::span<const NodeId> nodes, const node::StorageMap& storage) override {
    Slot& slot = slot_for(self);
    slot.node.emplace();
    slot.storage = storage;
    slot.nodes.assign(nodes.begin(), nodes.end());
  }
  void destroy(NodeId self) override { slot_for(self).node.reset(); }
  void reset() override { slots_.clear(); }

  void start(node::EventScope<P>& scope) override {
    run(scope, "on_start", [](N& n, node::Context<P>& ctx) { n.on_start(ctx); });
  }
  void deliver(node::EventScope<P>& scope, NodeId from, const Message& msg) override {
    run(scope, "on_message",
        [&](N& n, node::Context<P>& ctx) { node::deliver<P>(n, ctx, from, msg); });
  }
  void fire(node::EventScope<P>& scope, const Timer& timer) override {
    run(scope, "on_timer", [&](N& n, node::Context<P>& ctx) { node::fire<P>(n, ctx, timer); });
  }

  codec::Bytes snapshot(NodeId self) override { return codec::encode(live(self)); }
  void restore(NodeId self, std::span<const std::byte> snapshot) override {
    live(self) = codec::decode<N>(snapshot);
  }
  codec::Json view(NodeId self) override { return codec::to_json(live(self)); }
  std::string describe() const override { return "in-process"; }

  /// Direct access for white-box tests and the exam harness (in-process only).
  const N& node(NodeId self) { return live(self); }

 private:
  struct Slot {
    std::optional<N> node;
    node::StorageMap storage;
    std::vector<NodeId> nodes;
  };

  Slot& slot_for(NodeId self) {
    if (self < 1) throw EngineFailure("invalid node id " + std::to_string(self));
    const auto index = static_cast<std::size_t>(self);
    if (slots_.size() <= index) slots_.resize(index + 1);
    return slots_[index];
  }
  N& live(NodeId self) {
    Slot& slot = slot_for(self);
    if (!slot.node) throw EngineFailure("node " + std::to_string(self) + " does not exist");
    return *slot.node;
  }

  template <class Handler>
  void run(node::EventScope<P>& scope, const char* what, Handler&& handler) {
    Slot& slot = slot_for(scope.self);
    if (!slot.node) throw EngineFailure("node " + std::to_string(scope.self) + " does not exist");
    scope.storage = &slot.storage;
    scope.nodes = slot.nodes;
    node::Context<P> ctx(scope);
    try {
      handler(*slot.node, ctx);
    } catch (const std::exception& e) {
      throw EngineFailure("node " + std::to_string(scope.self) + " threw from " + what + ": " +
                          e.what());
    } catch (...) {
      throw EngineFailure("node " + std::to_string(scope.self) + " threw a non-standard exception from " + what);
    }
  }

  std::vector<Slot> slots_;
};

}  // namespace dslab::engine
