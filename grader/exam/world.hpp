// The exam's cluster: the student's nodes on an engine (the node host), with a network the
// examiner drives by hand. Every message in flight and every live timer is a pending item that
// can be delivered, dropped or duplicated one at a time; the whole state is a value, so a
// snapshot (this state plus each node's encoded state) undoes any step exactly.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "grader/exam/command.hpp"
#include "runtime/codec/hash.hpp"
#include "runtime/codec/view.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/sim/network.hpp"
#include "runtime/trace/trace.hpp"

namespace dslab::exam {

/// The start configuration of a cluster.
struct WorldConfig {
  int nodes = 3;
  std::uint64_t seed = 1;
  Duration min_latency = msec(1);  ///< a message's delivery time: now + [min, max] from the seed
  Duration max_latency = msec(5);
};

/// A message in flight or a live timer.
template <class P>
struct Item {
  enum class Kind : std::uint8_t { kMessage, kTimer };
  std::uint64_t seq = 0;  ///< creation order: ties of `due` go in this order
  Time due = 0;           ///< when `step` would deliver or fire it
  Kind kind = Kind::kMessage;
  NodeId to = 0;    ///< the receiver, or the timer's node
  NodeId from = 0;  ///< the sender (kEnvironment for injected inputs)
  TimerId timer_id = 0;
  typename P::Message msg{};
  typename P::Timer timer{};

  bool is_message() const { return kind == Kind::kMessage; }
  /// "n1 -> n2 Prepare(round=1)" or "n2 timer Progress()".
  std::string describe() const {
    if (!is_message()) return fmt::format("n{} timer {}", to, codec::to_text(timer));
    const std::string sender = from == kEnvironment ? "env" : fmt::format("n{}", from);
    return fmt::format("{} -> n{} {}", sender, to, codec::to_text(msg));
  }
};

/// An output a node reported, with when.
template <class P>
struct Output {
  Time time = 0;
  NodeId node = 0;
  typename P::Output output{};
};

/// What one node is, beside its in-engine state.
struct NodeSlot {
  bool up = true;
  std::uint32_t incarnation = 0;
  random::Rng rng;
  TimerId next_timer = 1;
  Time started_at = 0;       ///< when its current incarnation started (outputs before are stale)
  node::StorageMap storage;  ///< the authoritative copy of its stable storage
};

/// The cluster's state outside the nodes (a value).
template <class P>
struct WorldState {
  Time now = 0;
  std::uint64_t seq = 0;
  std::uint64_t events = 0;
  random::Rng net_rng;
  std::vector<NodeSlot> slots;  ///< index = node id; 0 unused
  std::vector<Item<P>> pending;
  sim::Links links;
  trace::Recorder trace;
  std::vector<Output<P>> outputs;
};

/// Everything `undo` needs: the world's state and each live node's encoded state.
template <class P>
struct Snapshot {
  WorldState<P> state;
  std::map<NodeId, codec::Bytes> nodes;
};

/// The exam's cluster over an engine. Operations that run a handler return normally even when
/// the handler fails (the node's process crashed, hung or threw): the failure is an event (in
/// the trace and in failures()) and that node is down. Not thread-safe.
template <node::Protocol P>
class World {
 public:
  using Message = typename P::Message;

  /// Creates nodes 1..config.nodes in `engine` (after resetting it) and runs their on_start at
  /// time 0, in id order.
  World(engine::Engine<P>& engine, WorldConfig config) : engine_(engine), config_(config) {
    if (config_.nodes < 1 || config_.nodes > 9)
      throw std::invalid_argument("a scenario has 1 to 9 nodes");
    const random::Rng master(config_.seed);
    state_.net_rng = master.derive("network");
    state_.links = sim::Links(config_.nodes);
    state_.slots.resize(static_cast<std::size_t>(config_.nodes) + 1);
    for (NodeId n = 1; n <= config_.nodes; ++n) {
      ids_.push_back(n);
      slot(n).rng = master.derive(fmt::format("node/{}", n));
    }
    engine_.reset();
    for (NodeId n : ids_) boot(n, false);
  }

  // ---- observation ----
  const WorldConfig& config() const { return config_; }
  const std::vector<NodeId>& nodes() const { return ids_; }
  Time now() const { return state_.now; }
  std::uint64_t events() const { return state_.events; }
  bool is_up(NodeId n) const { return slot(n).up; }
  const NodeSlot& node_slot(NodeId n) const { return slot(n); }
  const sim::Links& links() const { return state_.links; }
  const trace::Recorder& trace() const { return state_.trace; }
  const std::vector<Output<P>>& outputs() const { return state_.outputs; }
  /// Failures of handler calls so far (one line each).
  const std::vector<std::string>& failures() const { return failures_; }

  /// Pending items in the order `step` takes them (due time, then creation); `pending 3` and
  /// `deliver 3` number this list from 1.
  std::vector<Item<P>> pending() const {
    auto items = state_.pending;
    std::sort(items.begin(), items.end(), [](const Item<P>& a, const Item<P>& b) {
      return a.due != b.due ? a.due < b.due : a.seq < b.seq;
    });
    return items;
  }

  /// The JSON view of a live node's state. Throws CommandError when it is down or its host fails.
  codec::Json view(NodeId n) {
    require_node(n);
    if (!slot(n).up)
      throw CommandError(
          fmt::format("n{} is down (crashed): it has no state; restart it first", n));
    try {
      return engine_.view(n);
    } catch (const engine::EngineFailure& e) {
      node_failed(n, "the state view", e.what());
      throw CommandError(fmt::format("n{} could not show its state: {}", n, first_line(e.what())));
    }
  }

  // ---- the examiner's moves ----
  /// Takes the next pending item (as `pending` lists it first). False when nothing is pending.
  bool step() {
    const auto items = pending();
    if (items.empty()) return false;
    take(items.front().seq, std::max(state_.now, items.front().due));
    return true;
  }
  /// Delivers (or fires) pending item `number` (1-based, as listed) now, out of order.
  void deliver(std::size_t number) {
    const Item<P> item = nth(number);
    if (item.is_message() && item.from != kEnvironment &&
        !state_.links.connected(item.from, item.to)) {
      throw CommandError(
          fmt::format("n{} and n{} are partitioned: heal first, or drop it", item.from, item.to));
    }
    take(item.seq, state_.now);
  }
  /// Loses pending message `number`.
  void drop(std::size_t number) {
    const Item<P> item = nth(number);
    if (!item.is_message())
      throw CommandError("a timer cannot be dropped (crash its node to stop it)");
    erase(item.seq);
    ++state_.events;
    record(trace::Kind::kDrop, item.from, item.to, codec::to_text(item.msg),
           "dropped by the examiner", codec::to_json(item.msg));
  }
  /// Adds a second copy of pending message `number`, due at the same time.
  void duplicate(std::size_t number) {
    Item<P> copy = nth(number);
    if (!copy.is_message()) throw CommandError("a timer cannot be duplicated");
    copy.seq = state_.seq++;
    state_.pending.push_back(copy);
    ++state_.events;
    record(trace::Kind::kDuplicate, copy.from, copy.to, codec::to_text(copy.msg),
           "duplicated by the examiner");
  }
  /// Crashes node n: its memory and timers are gone, its stable storage stays.
  void crash(NodeId n) {
    require_node(n);
    if (!slot(n).up) throw CommandError(fmt::format("n{} is already down", n));
    ++state_.events;
    crash_node(n, "crash", "by the examiner");
  }
  /// Boots a crashed node again from its stable storage (on_start runs now).
  void restart(NodeId n) {
    require_node(n);
    if (slot(n).up) throw CommandError(fmt::format("n{} is up: crash it first", n));
    ++state_.events;
    boot(n, true);
  }
  /// Cuts every link between different groups (after healing the previous partition).
  void partition(const std::vector<std::set<NodeId>>& groups) {
    for (const auto& g : groups) {
      for (NodeId n : g) require_node(n);
    }
    state_.links.heal();
    state_.links.partition(groups);
    ++state_.events;
    std::string what;
    for (const auto& g : groups) {
      std::string members;
      for (NodeId n : g) members += fmt::format("{}n{}", members.empty() ? "" : ",", n);
      what += fmt::format("{}{{{}}}", what.empty() ? "" : " | ", members);
    }
    record(trace::Kind::kPartition, 0, 0, what);
  }
  void heal() {
    state_.links.heal();
    ++state_.events;
    record(trace::Kind::kHeal, 0, 0, "heal");
  }
  /// Hands `msg` from the environment (a client, the leader detector) to node `to` now.
  void inject(NodeId to, const Message& msg) {
    require_node(to);
    ++state_.events;
    if (!slot(to).up) {
      record(trace::Kind::kDrop, kEnvironment, to, codec::to_text(msg),
             fmt::format("n{} is down", to));
      return;
    }
    record(trace::Kind::kInject, to, kEnvironment, codec::to_text(msg), {}, codec::to_json(msg));
    call(to, "on_message", [&](node::EventScope<P>& s) { engine_.deliver(s, kEnvironment, msg); });
  }
  /// Moves the clock forward to t (nothing is delivered).
  void advance_to(Time t) { state_.now = std::max(state_.now, t); }

  // ---- undo ----
  Snapshot<P> snapshot() {
    Snapshot<P> s{state_, {}};
    for (NodeId n : ids_) {
      if (!slot(n).up) continue;
      try {
        s.nodes[n] = engine_.snapshot(n);
      } catch (const engine::EngineFailure& e) {
        node_failed(n, "a snapshot", e.what());
        s.state = state_;
      }
    }
    return s;
  }
  /// Puts the world and every node back as they were at `s`.
  void restore(const Snapshot<P>& s) {
    for (NodeId n : ids_) {
      const NodeSlot& then = s.state.slots[static_cast<std::size_t>(n)];
      try {
        if (then.up && s.nodes.count(n) != 0U) {
          engine_.create(n, ids_, then.storage);
          engine_.restore(n, s.nodes.at(n));
        } else if (slot(n).up) {
          engine_.destroy(n);
        }
      } catch (const engine::EngineFailure& e) {
        throw CommandError(fmt::format("undo could not restore n{}: {}", n, first_line(e.what())));
      }
    }
    state_ = s.state;
  }

 private:
  NodeSlot& slot(NodeId n) { return state_.slots.at(static_cast<std::size_t>(n)); }
  const NodeSlot& slot(NodeId n) const { return state_.slots.at(static_cast<std::size_t>(n)); }

  void require_node(NodeId n) const {
    if (n < 1 || n > config_.nodes) {
      throw CommandError(fmt::format("no node {}: this scenario has n1..n{}", n, config_.nodes));
    }
  }

  Item<P> nth(std::size_t number) const {
    const auto items = pending();
    if (number < 1 || number > items.size()) {
      throw CommandError(items.empty() ? std::string("nothing is pending")
                                       : fmt::format("no pending item {}: `pending` lists 1..{}",
                                                     number, items.size()));
    }
    return items[number - 1];
  }

  void erase(std::uint64_t seq) {
    std::erase_if(state_.pending, [seq](const Item<P>& i) { return i.seq == seq; });
  }

  void record(trace::Kind kind, NodeId node, NodeId peer, std::string what,
              std::string decision = {}, codec::Json json = {}) {
    state_.trace.record(state_.now, kind, node, peer, codec::hash(what) ^ codec::hash(decision),
                        std::move(what), std::move(decision), std::move(json));
  }

  // Takes pending item `seq` at time `at`: delivers the message or fires the timer.
  void take(std::uint64_t seq, Time at) {
    const auto it = std::find_if(state_.pending.begin(), state_.pending.end(),
                                 [seq](const Item<P>& i) { return i.seq == seq; });
    const Item<P> item = *it;
    state_.pending.erase(it);
    state_.now = at;
    ++state_.events;
    if (!item.is_message()) {
      record(trace::Kind::kTimer, item.to, 0, codec::to_text(item.timer), {},
             codec::to_json(item.timer));
      call(item.to, "on_timer", [&](node::EventScope<P>& s) { engine_.fire(s, item.timer); });
      return;
    }
    const std::string text = codec::to_text(item.msg);
    if (!slot(item.to).up) {
      return record(trace::Kind::kDrop, item.from, item.to, text,
                    fmt::format("n{} is down", item.to));
    }
    if (item.from != kEnvironment && !state_.links.connected(item.from, item.to)) {
      return record(trace::Kind::kDrop, item.from, item.to, text, "partitioned");
    }
    record(item.from == kEnvironment ? trace::Kind::kInject : trace::Kind::kDeliver, item.to,
           item.from, text, {}, codec::to_json(item.msg));
    call(item.to, "on_message",
         [&](node::EventScope<P>& s) { engine_.deliver(s, item.from, item.msg); });
  }

  void boot(NodeId n, bool restart) {
    NodeSlot& s = slot(n);
    s.up = true;
    s.started_at = state_.now;
    try {
      engine_.create(n, ids_, s.storage);
    } catch (const engine::EngineFailure& e) {
      s.up = false;
      failures_.push_back(fmt::format("n{} could not be created: {}", n, first_line(e.what())));
      record(trace::Kind::kCrash, n, 0, "create failed", first_line(e.what()));
      return;
    }
    if (restart)
      record(trace::Kind::kRestart, n, 0, "restart",
             fmt::format("{} storage keys", s.storage.size()));
    record(trace::Kind::kStart, n, 0, "start");
    call(n, "on_start", [&](node::EventScope<P>& scope) { engine_.start(scope); });
  }

  void crash_node(NodeId n, const std::string& what, const std::string& why) {
    NodeSlot& s = slot(n);
    s.up = false;
    ++s.incarnation;
    std::erase_if(state_.pending, [n](const Item<P>& i) { return !i.is_message() && i.to == n; });
    try {
      engine_.destroy(n);
    } catch (const engine::EngineFailure&) {
      // Its process is gone already: nothing to destroy.
    }
    record(trace::Kind::kCrash, n, 0, what, why);
  }

  // A handler call (or a view/snapshot) failed: the failure is an event and the node is down.
  void node_failed(NodeId n, const std::string& during, const std::string& reason) {
    failures_.push_back(fmt::format("n{} failed in {}: {}", n, during, first_line(reason)));
    crash_node(n, "handler failed", fmt::format("in {}: {}", during, first_line(reason)));
  }

  template <class Call>
  void call(NodeId n, const char* handler, Call&& run) {
    NodeSlot& s = slot(n);
    node::Effects<P> effects;
    node::EventScope<P> scope;
    scope.self = n;
    scope.nodes = ids_;
    scope.now = state_.now;
    scope.rng = &s.rng;
    scope.next_timer = &s.next_timer;
    scope.effects = &effects;
    try {
      run(scope);
    } catch (const engine::EngineFailure& e) {
      node_failed(n, handler, e.what());
      return;
    }
    for (auto& effect : effects) apply(n, effect);
  }

  void apply(NodeId n, node::Effect<P>& effect) {
    if (auto* send = std::get_if<node::Send<P>>(&effect)) {
      send_message(n, *send);
    } else if (auto* set = std::get_if<node::SetTimer<P>>(&effect)) {
      Item<P> item;
      item.seq = state_.seq++;
      item.due = state_.now + set->after;
      item.kind = Item<P>::Kind::kTimer;
      item.to = n;
      item.timer_id = set->id;
      item.timer = set->timer;
      state_.pending.push_back(item);
      record(trace::Kind::kNote, n, 0, "set " + codec::to_text(set->timer),
             fmt::format("fires at {}", format_time(item.due)));
    } else if (auto* cancel = std::get_if<node::CancelTimer>(&effect)) {
      const TimerId id = cancel->id;
      std::erase_if(state_.pending, [&](const Item<P>& i) {
        return !i.is_message() && i.to == n && i.timer_id == id;
      });
    } else if (auto* write = std::get_if<node::StorageWrite>(&effect)) {
      record(trace::Kind::kStorage, n, 0, write->key, write->value ? "" : "erase");
      node::apply_write(slot(n).storage, *write);
    } else if (auto* emit = std::get_if<node::Emit<P>>(&effect)) {
      record(trace::Kind::kOutput, n, 0, codec::to_text(emit->output), {},
             codec::to_json(emit->output));
      state_.outputs.push_back(Output<P>{state_.now, n, emit->output});
    } else if (auto* log = std::get_if<node::Log>(&effect)) {
      record(trace::Kind::kLog, n, 0, log->text);
    }
  }

  void send_message(NodeId from, const node::Send<P>& send) {
    const std::string text = codec::to_text(send.msg);
    if (send.to < 1 || send.to > config_.nodes) {
      return record(trace::Kind::kDrop, from, send.to, text, "no such node");
    }
    if (send.to != from && !state_.links.connected(from, send.to)) {
      return record(trace::Kind::kDrop, from, send.to, text, "partitioned");
    }
    Item<P> item;
    item.seq = state_.seq++;
    item.due = state_.now +
               (send.to == from ? config_.min_latency
                                : state_.net_rng.between(config_.min_latency, config_.max_latency));
    item.to = send.to;
    item.from = from;
    item.msg = send.msg;
    state_.pending.push_back(item);
    record(trace::Kind::kSend, from, send.to, text,
           fmt::format("arrives at {}", format_time(item.due)), codec::to_json(send.msg));
  }

  static std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

  engine::Engine<P>& engine_;
  WorldConfig config_;
  std::vector<NodeId> ids_;
  WorldState<P> state_;
  std::vector<std::string> failures_;
};

}  // namespace dslab::exam
