// NodeDriver: drives one node through an engine by hand, for table-driven tests ("given these
// inputs, expect these sends/outputs/timers"). No network, no simulator: the test is the world.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include "runtime/engine/engine.hpp"

namespace dslab::labkit {

/// What one handler call did, split by kind, in call order.
template <class P>
struct Step {
  std::vector<node::Send<P>> sends;
  std::vector<node::SetTimer<P>> timers;
  std::vector<TimerId> cancels;
  std::vector<typename P::Output> outputs;
  std::vector<node::StorageWrite> writes;
  std::vector<std::string> logs;

  /// Messages sent to `to`, in order.
  std::vector<typename P::Message> sent_to(NodeId to) const {
    std::vector<typename P::Message> out;
    for (const auto& s : sends) {
      if (s.to == to) out.push_back(s.msg);
    }
    return out;
  }
};

/// Drives node `self` of a cluster `nodes` on `engine`. Keeps the node's live timers and virtual
/// clock so tests can fire "the next timer". Not thread-safe.
template <node::Protocol P>
class NodeDriver {
 public:
  using Message = typename P::Message;
  using Timer = typename P::Timer;

  NodeDriver(engine::Engine<P>& engine, NodeId self, std::vector<NodeId> nodes,
             std::uint64_t seed = 1)
      : engine_(engine), self_(self), nodes_(std::move(nodes)), rng_(seed) {
    engine_.reset();
    engine_.create(self_, nodes_, storage_);
  }

  Step<P> start() {
    return call([&](node::EventScope<P>& s) { engine_.start(s); });
  }
  Step<P> deliver(NodeId from, const Message& msg) {
    return call([&](node::EventScope<P>& s) { engine_.deliver(s, from, msg); });
  }
  /// Fires a live timer now (whatever its due time); throws if it is not live.
  Step<P> fire(TimerId id) {
    const auto it = timers_.find(id);
    if (it == timers_.end()) throw std::logic_error("timer " + std::to_string(id) + " is not live");
    const Timer timer = it->second.timer;
    timers_.erase(it);
    return call([&](node::EventScope<P>& s) { engine_.fire(s, timer); });
  }
  /// Advances the clock to the earliest live timer and fires it. Throws if none is live.
  Step<P> fire_next() {
    if (timers_.empty()) throw std::logic_error("no live timer to fire");
    auto best = timers_.begin();
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (it->second.due < best->second.due) best = it;
    }
    now_ = std::max(now_, best->second.due);
    return fire(best->first);
  }
  /// Crashes and restarts the node: memory gone, stable storage kept, then on_start.
  Step<P> crash_and_restart() {
    engine_.destroy(self_);
    timers_.clear();
    engine_.create(self_, nodes_, storage_);
    return start();
  }

  void advance(Duration d) { now_ += d; }
  Time now() const { return now_; }
  /// Live timers: id -> (due time, timer).
  struct Live {
    Time due;
    Timer timer;
  };
  const std::map<TimerId, Live>& timers() const { return timers_; }
  const node::StorageMap& storage() const { return storage_; }
  codec::Json view() { return engine_.view(self_); }

 private:
  template <class Call>
  Step<P> call(Call&& c) {
    node::Effects<P> effects;
    node::EventScope<P> scope;
    scope.self = self_;
    scope.nodes = nodes_;
    scope.now = now_;
    scope.rng = &rng_;
    scope.next_timer = &next_timer_;
    scope.effects = &effects;
    c(scope);
    return collect(effects);
  }

  Step<P> collect(node::Effects<P>& effects) {
    Step<P> step;
    for (auto& e : effects) {
      if (auto* s = std::get_if<node::Send<P>>(&e)) {
        step.sends.push_back(std::move(*s));
      } else if (auto* t = std::get_if<node::SetTimer<P>>(&e)) {
        timers_[t->id] = Live{now_ + t->after, t->timer};
        step.timers.push_back(std::move(*t));
      } else if (auto* c = std::get_if<node::CancelTimer>(&e)) {
        timers_.erase(c->id);
        step.cancels.push_back(c->id);
      } else if (auto* o = std::get_if<node::Emit<P>>(&e)) {
        step.outputs.push_back(std::move(o->output));
      } else if (auto* w = std::get_if<node::StorageWrite>(&e)) {
        node::apply_write(storage_, *w);
        step.writes.push_back(std::move(*w));
      } else if (auto* l = std::get_if<node::Log>(&e)) {
        step.logs.push_back(std::move(l->text));
      }
    }
    return step;
  }

  engine::Engine<P>& engine_;
  NodeId self_;
  std::vector<NodeId> nodes_;
  random::Rng rng_;
  TimerId next_timer_ = 1;
  Time now_ = 0;
  node::StorageMap storage_;
  std::map<TimerId, Live> timers_;
};

}  // namespace dslab::labkit
