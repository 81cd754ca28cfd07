// Definitions of Simulator's members (included by simulator.hpp; do not include directly).
#pragma once

#include <fmt/format.h>

namespace dslab::sim {

template <node::Protocol P>
Simulator<P>::Simulator(SimConfig config, engine::Engine<P>& engine)
    : config_(std::move(config)),
      engine_(engine),
      network_(config_.network),
      links_(config_.nodes),
      master_(config_.seed),
      net_rng_(master_.derive("network")),
      timer_rng_(master_.derive("timers")),
      workload_rng_(master_.derive("workload")),
      trace_(config_.trace) {
  if (config_.nodes < 1) throw std::invalid_argument("SimConfig.nodes must be at least 1");
  slots_.resize(static_cast<std::size_t>(config_.nodes) + 1);
  random::Rng boot = master_.derive("boot");
  for (NodeId n = 1; n <= config_.nodes; ++n) ids_.push_back(n);
  try {
    engine_.reset();
    for (NodeId n = 1; n <= config_.nodes; ++n) engine_.create(n, ids_, slot(n).storage);
  } catch (const engine::EngineFailure& e) {
    fail("engine", e.what());
  }
  for (NodeId n = 1; n <= config_.nodes; ++n) {
    slot(n).rng = master_.derive(fmt::format("node/{}", n));
    const Time t = config_.start_spread > 0 ? boot.between(0, config_.start_spread) : 0;
    push(t, EventKind::kStart, n, 0, 0);
  }
}

template <node::Protocol P>
auto Simulator<P>::slot(NodeId n) -> Slot& {
  if (n < 1 || n > config_.nodes) throw std::out_of_range(fmt::format("no node n{}", n));
  return slots_[static_cast<std::size_t>(n)];
}

template <node::Protocol P>
auto Simulator<P>::slot(NodeId n) const -> const Slot& {
  if (n < 1 || n > config_.nodes) throw std::out_of_range(fmt::format("no node n{}", n));
  return slots_[static_cast<std::size_t>(n)];
}

template <node::Protocol P>
void Simulator<P>::push(Time at, EventKind kind, NodeId node, NodeId from, std::uint64_t ref) {
  queue_.push(Pending{at, seq_++, kind, node, from,
                      node >= 1 && node <= config_.nodes ? slot(node).incarnation : 0, ref});
}

template <node::Protocol P>
std::uint64_t Simulator<P>::store(Message msg) {
  if (!free_messages_.empty()) {
    const std::uint64_t ref = free_messages_.back();
    free_messages_.pop_back();
    messages_[ref].emplace(std::move(msg));
    return ref;
  }
  messages_.emplace_back(std::move(msg));
  return messages_.size() - 1;
}

template <node::Protocol P>
void Simulator<P>::remember_send(std::uint64_t ref) {
  if (!trace_.full()) return;
  if (sent_at_.size() <= ref) sent_at_.resize(ref + 1, kNoSend);
  sent_at_[ref] = trace_.count() - 1;
}

template <node::Protocol P>
auto Simulator<P>::take(std::uint64_t ref) -> Message {
  Message msg = std::move(*messages_[ref]);
  messages_[ref].reset();
  free_messages_.push_back(ref);
  return msg;
}

template <node::Protocol P>
void Simulator<P>::at(Time t, std::string name, Action action) {
  actions_.push_back(NamedAction{std::move(name), std::move(action)});
  push(std::max(t, now_), EventKind::kAction, 0, 0, actions_.size() - 1);
}

template <node::Protocol P>
void Simulator<P>::inject_at(Time t, NodeId to, Message msg) {
  const std::uint64_t ref = store(std::move(msg));
  if (ref < sent_at_.size()) sent_at_[ref] = kNoSend;
  push(std::max(t, now_), EventKind::kDeliver, to, kEnvironment, ref);
}

template <node::Protocol P>
void Simulator<P>::note(trace::Kind kind, NodeId node, NodeId peer, std::string what,
                        std::string decision, codec::Json json) {
  trace_.record(now_, kind, node, peer, codec::hash(what) ^ codec::hash(decision),
                std::move(what), std::move(decision), std::move(json));
}

template <node::Protocol P>
void Simulator<P>::crash(NodeId n) {
  Slot& s = slot(n);
  if (!s.up) return;
  s.up = false;
  s.started = false;
  ++s.incarnation;
  s.timers.clear();
  engine_.destroy(n);
  note(trace::Kind::kCrash, n, 0, "crash");
  run_events_.crash(CrashEvent{now_, n});
}

template <node::Protocol P>
void Simulator<P>::restart(NodeId n) {
  Slot& s = slot(n);
  if (s.up) return;
  s.up = true;
  note(trace::Kind::kRestart, n, 0, "restart",
       fmt::format("{} storage keys", s.storage.size()));
  run_events_.restart(RestartEvent{now_, n, s.storage});
  try {
    engine_.create(n, ids_, s.storage);
  } catch (const engine::EngineFailure& e) {
    fail("engine", e.what());
    return;
  }
  push(now_, EventKind::kStart, n, 0, 0);
}

template <node::Protocol P>
void Simulator<P>::partition(const std::vector<std::set<NodeId>>& groups) {
  links_.partition(groups);
  std::string what;
  for (const auto& g : groups) {
    what += what.empty() ? "{" : " | {";
    bool first = true;
    for (NodeId n : g) {
      what += fmt::format("{}n{}", first ? "" : ",", n);
      first = false;
    }
    what += "}";
  }
  // The groups as data too, for the HTML viewer's shading (not part of the hash).
  codec::Json json = {{"groups", codec::Json::array()}};
  for (const auto& g : groups) {
    codec::Json ids = codec::Json::array();
    for (NodeId n : g) ids.push_back(n);
    json["groups"].push_back(std::move(ids));
  }
  note(trace::Kind::kPartition, 0, 0, what, {}, std::move(json));
}

template <node::Protocol P>
void Simulator<P>::block(NodeId from, NodeId to) {
  links_.block(from, to);
  note(trace::Kind::kPartition, from, to, fmt::format("block n{}->n{}", from, to));
}

template <node::Protocol P>
void Simulator<P>::heal() {
  links_.heal();
  note(trace::Kind::kHeal, 0, 0, "heal");
}

template <node::Protocol P>
void Simulator<P>::set_network(const NetworkConfig& network) {
  network_ = network;
  note(trace::Kind::kNote, 0, 0, "network", network.describe());
}

template <node::Protocol P>
void Simulator<P>::add_invariant(std::string name, Invariant check) {
  invariants_.emplace_back(std::move(name), std::move(check));
}

template <node::Protocol P>
void Simulator<P>::fail(std::string kind, std::string message) {
  if (failure_) return;
  note(trace::Kind::kViolation, 0, 0, kind, message);
  failure_ = Failure{std::move(kind), std::move(message), now_, trace_.count()};
}

template <node::Protocol P>
std::vector<NodeId> Simulator<P>::live_nodes() const {
  std::vector<NodeId> out;
  for (NodeId n : ids_) {
    if (slot(n).up) out.push_back(n);
  }
  return out;
}

template <node::Protocol P>
bool Simulator<P>::step() {
  if (failure_ || queue_.empty()) return false;
  if (events_ >= config_.max_events) {
    fail("limit", fmt::format("the run exceeded {} events", config_.max_events));
    return false;
  }
  const Pending e = queue_.top();
  queue_.pop();
  now_ = e.at;
  ++events_;
  dispatch(e);
  if (!failure_) check_invariants();
  return !failure_;
}

template <node::Protocol P>
bool Simulator<P>::run_until(Time t) {
  while (!failure_ && !queue_.empty() && queue_.top().at <= t) step();
  if (!failure_) now_ = std::max(now_, t);
  return !failure_;
}

template <node::Protocol P>
bool Simulator<P>::run_until(Time deadline, const std::function<bool()>& done) {
  if (failure_) return false;
  if (done()) return true;
  while (!failure_ && !queue_.empty() && queue_.top().at <= deadline) {
    step();
    if (!failure_ && done()) return true;
  }
  if (!failure_) now_ = std::max(now_, deadline);
  return false;
}

template <node::Protocol P>
void Simulator<P>::dispatch(const Pending& e) {
  switch (e.kind) {
    case EventKind::kStart:
      if (!slot(e.node).up || e.incarnation != slot(e.node).incarnation) return;
      slot(e.node).started = true;
      trace_.record(now_, trace::Kind::kStart, e.node, 0, 0, "start");
      call_node(e.node, [&](node::EventScope<P>& scope) { engine_.start(scope); });
      return;
    case EventKind::kDeliver:
      deliver(e);
      return;
    case EventKind::kTimer:
      fire(e);
      return;
    case EventKind::kAction: {
      NamedAction& a = actions_[e.ref];
      note(trace::Kind::kNote, 0, 0, "action " + a.name);
      Action run = std::move(a.action);
      run(*this);
      return;
    }
  }
}

template <node::Protocol P>
void Simulator<P>::deliver(const Pending& e) {
  Message msg = take(e.ref);
  const bool full = trace_.full();
  const std::uint64_t h = trace_.level() == trace::Level::kOff ? 0 : codec::hash(msg);
  const std::uint64_t sent = full && e.ref < sent_at_.size() ? sent_at_[e.ref] : kNoSend;
  auto link = [&] {
    if (sent != kNoSend) trace_.set_cause_of_last(sent);
  };
  auto drop = [&](DropReason reason, std::string why) {
    trace_.record(now_, trace::Kind::kDrop, e.from, e.node, h, full ? codec::to_text(msg) : "",
                  std::move(why), full ? codec::to_json(msg) : codec::Json{});
    link();
    run_events_.drop(DropEvent<P>{now_, e.from, e.node, msg, reason});
  };
  if (!slot(e.node).up) return drop(DropReason::kDown, fmt::format("n{} is down", e.node));
  // A node that has not booted yet (start_spread, or a restart queued at this instant) is not
  // listening: a message arriving before its on_start is lost, as on a real network.
  if (!slot(e.node).started) {
    return drop(DropReason::kNotStarted, fmt::format("n{} has not started", e.node));
  }
  if (e.from != kEnvironment && !links_.connected(e.from, e.node)) {
    return drop(DropReason::kPartitioned, "partitioned");
  }
  ++deliveries_;
  run_events_.deliver(DeliverEvent<P>{now_, e.node, e.from, msg});
  trace_.record(now_, e.from == kEnvironment ? trace::Kind::kInject : trace::Kind::kDeliver, e.node,
                e.from, h, full ? codec::to_text(msg) : "", {},
                full ? codec::to_json(msg) : codec::Json{});
  link();
  call_node(e.node, [&](node::EventScope<P>& scope) { engine_.deliver(scope, e.from, msg); });
}

template <node::Protocol P>
void Simulator<P>::fire(const Pending& e) {
  Slot& s = slot(e.node);
  if (!s.up || e.incarnation != s.incarnation) return;
  const auto it = s.timers.find(e.ref);
  if (it == s.timers.end()) return;  // cancelled
  const Timer timer = std::move(it->second);
  s.timers.erase(it);
  const bool full = trace_.full();
  trace_.record(now_, trace::Kind::kTimer, e.node, 0,
                trace_.level() == trace::Level::kOff ? 0 : codec::hash(timer) ^ e.ref,
                full ? codec::to_text(timer) : "", {}, full ? codec::to_json(timer) : codec::Json{});
  call_node(e.node, [&](node::EventScope<P>& scope) { engine_.fire(scope, timer); });
}

template <node::Protocol P>
template <class Call>
void Simulator<P>::call_node(NodeId n, Call&& call) {
  Slot& s = slot(n);
  const bool keep_state = trace_.full() && config_.trace_states;
  const std::uint64_t handler_event = trace_.count() - 1;  // the start/deliver/timer just recorded
  effects_.clear();
  node::EventScope<P> scope;
  scope.self = n;
  scope.nodes = ids_;
  scope.now = now_;
  scope.rng = &s.rng;
  scope.next_timer = &s.next_timer;
  scope.effects = &effects_;
  try {
    call(scope);
  } catch (const engine::EngineFailure& e) {
    fail("engine", e.what());
    return;
  }
  if (effects_.size() > config_.max_effects_per_event) {
    fail("limit", fmt::format("n{} produced {} effects in one handler call (limit {})", n,
                              effects_.size(), config_.max_effects_per_event));
    return;
  }
  apply_effects(n);
  if (keep_state && s.up) {
    try {
      trace_.set_state(handler_event, engine_.view(n));
    } catch (const engine::EngineFailure&) {
      // No state to show: the run's own failure (if any) is reported by the handler call.
    }
  }
}

}  // namespace dslab::sim

#include "runtime/sim/simulator_effects.hpp"
