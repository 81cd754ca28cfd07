// The model checker's step function: a start state from a Model, the transitions enabled in a
// state, and the state a transition leads to, computed by running the node's handler through
// an engine (runtime/engine: in-process or the node host) on the node's snapshot, with the
// same EventScope and effects the simulator uses. Also replays a path with a full trace, in
// the simulator's trace events (runtime/trace), for counterexamples.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/codec/view.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/mc/state.hpp"
#include "runtime/trace/trace.hpp"

namespace dslab::mc {

/// A message from the environment (a client, the leader oracle, a test) to node `to`.
template <class P>
struct Input {
  NodeId to = 0;
  typename P::Message msg{};
  /// False: delivered during setup, in order, before the search starts. True: put in flight,
  /// so the search chooses when it arrives (never dropped or duplicated: inputs are reliable).
  bool in_flight = false;
};

/// Faults the search may inject, as budgets per path. A crashed node may always restart.
/// Messages a node sends to itself and environment inputs are never dropped or duplicated
/// (as in the simulator without NetworkConfig::faulty_self).
struct Faults {
  std::uint32_t drops = 0;
  std::uint32_t duplicates = 0;
  std::uint32_t crashes = 0;
};

/// Pruning a test may ask for. Each one removes behaviours: a search with pruning proves less.
struct Pruning {
  /// Timers fire only in states with no message in flight (DSLabs' "timers when quiet").
  bool timers_when_quiet = false;
  /// At most this many copies of one message (same sender, receiver and contents) in flight;
  /// a send over the bound is lost. 0: no bound.
  std::uint32_t max_copies = 0;
};

/// The system to explore: cluster size, the environment's inputs, faults and pruning.
template <class P>
struct Model {
  int nodes = 3;
  std::vector<Input<P>> inputs = {};
  Faults faults = {};
  Pruning pruning = {};
  std::uint64_t seed = 1;  ///< seeds each node's random stream (as the simulator: "node/<id>")
};

/// A handler failed in the engine (it threw, or the node host died): the transition has no
/// successor and the search reports it like a violated invariant.
struct StepFailure {
  std::string message;
};

/// Computes start states and successors. Not thread-safe (the engine is not); a parallel
/// search uses one Explorer per thread.
template <node::Protocol P>
class Explorer {
 public:
  using Message = typename P::Message;
  using Timer = typename P::Timer;

  /// `engine` runs the handlers; it must outlive the explorer. Throws std::invalid_argument on a
  /// model with no nodes or an input to a node outside 1..nodes.
  Explorer(engine::Engine<P>& engine, Model<P> model);

  const Model<P>& model() const { return model_; }
  /// The start state: every node created and started in id order, then the setup inputs
  /// delivered in order, then the in-flight inputs added. Throws StepFailure if a handler fails.
  State<P> initial(trace::Recorder* rec = nullptr);
  /// Every transition enabled in `state`, in a fixed order (messages, then timers, then
  /// crashes and restarts), appended to `out` (cleared first).
  void enabled(const State<P>& state, std::vector<Transition>& out) const;
  /// The state `t` leads to from `state`; `depth` is the new state's depth (the handler sees
  /// the virtual time depth × 1 ms). Throws StepFailure if the handler fails.
  State<P> apply(const State<P>& state, Transition t, int depth, trace::Recorder* rec = nullptr);
  /// Replays `path` from the start state with a full trace (the counterexample).
  std::vector<trace::Event> replay(const std::vector<Transition>& path,
                                   std::optional<std::string>* failure = nullptr);

 private:
  struct Cached {
    bool valid = false;
    codec::Bytes snapshot;
    node::StorageMap storage;
  };

  /// Runs one handler of node n on its slot in `s` (`fresh`: the engine just created it, for
  /// on_start) and applies its effects to `s`.
  template <class Call>
  void run(State<P>& s, NodeId n, int depth, trace::Recorder* rec, Call&& call,
           bool fresh = false);
  void load(const NodeSlot<P>& slot, NodeId n);
  void apply_effects(State<P>& s, NodeId n, Time now, trace::Recorder* rec);
  void add_message(State<P>& s, NodeId from, NodeId to, codec::Bytes msg, bool bounded);
  void crash(State<P>& s, NodeId n);
  void restart(State<P>& s, NodeId n, int depth, trace::Recorder* rec);
  bool faulty(const InFlight& m) const { return m.from != kEnvironment && m.from != m.to; }

  engine::Engine<P>& engine_;
  Model<P> model_;
  std::vector<NodeId> ids_;
  std::vector<Cached> cache_;
  node::Effects<P> effects_;
};

// ---------------------------------------------------------------------------------------------

template <node::Protocol P>
Explorer<P>::Explorer(engine::Engine<P>& engine, Model<P> model)
    : engine_(engine), model_(std::move(model)) {
  if (model_.nodes < 1) throw std::invalid_argument("mc::Model.nodes must be at least 1");
  for (const auto& in : model_.inputs) {
    if (in.to < 1 || in.to > model_.nodes) {
      throw std::invalid_argument(fmt::format("mc::Model input to n{}: no such node", in.to));
    }
  }
  for (NodeId n = 1; n <= model_.nodes; ++n) ids_.push_back(n);
  cache_.resize(static_cast<std::size_t>(model_.nodes) + 1);
}

template <node::Protocol P>
State<P> Explorer<P>::initial(trace::Recorder* rec) {
  State<P> s;
  s.nodes.resize(static_cast<std::size_t>(model_.nodes));
  s.budget = Budget{model_.faults.drops, model_.faults.duplicates, model_.faults.crashes};
  const random::Rng master(model_.seed);
  try {
    engine_.reset();
  } catch (const engine::EngineFailure& e) {
    throw StepFailure{e.what()};
  }
  for (auto& c : cache_) c.valid = false;
  for (NodeId n : ids_) {
    s.node(n).rng = master.derive(fmt::format("node/{}", n));
    s.node(n).up = false;
    restart(s, n, 0, rec);
  }
  for (const auto& in : model_.inputs) {
    if (in.in_flight) {
      add_message(s, kEnvironment, in.to, codec::encode(in.msg), false);
      continue;
    }
    if (rec) {
      rec->record(0, trace::Kind::kInject, in.to, kEnvironment, codec::hash(in.msg),
                    codec::to_text(in.msg), {}, codec::to_json(in.msg));
    }
    run(s, in.to, 0, rec,
        [&](node::EventScope<P>& scope) { engine_.deliver(scope, kEnvironment, in.msg); });
  }
  return s;
}

template <node::Protocol P>
void Explorer<P>::enabled(const State<P>& s, std::vector<Transition>& out) const {
  out.clear();
  for (std::uint32_t i = 0; i < s.messages.size(); ++i) {
    const InFlight& m = s.messages[i];
    out.push_back({Move::kDeliver, i});
    if (!faulty(m)) continue;
    if (s.budget.drops > 0) out.push_back({Move::kDrop, i});
    const std::uint32_t cap = model_.pruning.max_copies;
    if (s.budget.duplicates > 0 && (cap == 0 || m.copies < cap)) {
      out.push_back({Move::kDuplicate, i});
    }
  }
  if (!model_.pruning.timers_when_quiet || s.messages.empty()) {
    for (std::uint32_t i = 0; i < s.timers.size(); ++i) out.push_back({Move::kFire, i});
  }
  for (NodeId n : ids_) {
    const bool up = s.node(n).up;
    if (up && s.budget.crashes > 0) out.push_back({Move::kCrash, static_cast<std::uint32_t>(n)});
    if (!up) out.push_back({Move::kRestart, static_cast<std::uint32_t>(n)});
  }
}

template <node::Protocol P>
State<P> Explorer<P>::apply(const State<P>& state, Transition t, int depth,
                            trace::Recorder* rec) {
  State<P> s = state;
  const Time now = msec(depth);
  auto take = [&](std::uint32_t i) {
    InFlight m = s.messages.at(i);
    if (--s.messages[i].copies == 0) s.messages.erase(s.messages.begin() + i);
    return m;
  };
  switch (t.move) {
    case Move::kDeliver: {
      InFlight m = take(t.index);
      const Message msg = codec::decode<Message>(m.msg);
      const std::uint64_t h = codec::hash(msg);
      const bool env = m.from == kEnvironment;
      if (!s.node(m.to).up) {
        if (rec) rec->record(now, trace::Kind::kDrop, m.from, m.to, h, codec::to_text(msg),
                                 fmt::format("n{} is down", m.to), codec::to_json(msg));
        return s;
      }
      if (rec) rec->record(now, env ? trace::Kind::kInject : trace::Kind::kDeliver, m.to,
                               m.from, h, codec::to_text(msg), {}, codec::to_json(msg));
      run(s, m.to, depth, rec,
          [&](node::EventScope<P>& scope) { engine_.deliver(scope, m.from, msg); });
      return s;
    }
    case Move::kDrop: {
      InFlight m = take(t.index);
      --s.budget.drops;
      if (rec) {
        const Message msg = codec::decode<Message>(m.msg);
        rec->record(now, trace::Kind::kDrop, m.from, m.to, codec::hash(msg),
                      codec::to_text(msg), "lost", codec::to_json(msg));
      }
      return s;
    }
    case Move::kDuplicate: {
      InFlight& m = s.messages.at(t.index);
      ++m.copies;
      --s.budget.duplicates;
      if (rec) {
        const Message msg = codec::decode<Message>(m.msg);
        rec->record(now, trace::Kind::kDuplicate, m.from, m.to, codec::hash(msg),
                      codec::to_text(msg), fmt::format("{} copies in flight", m.copies),
                      codec::to_json(msg));
      }
      return s;
    }
    case Move::kFire: {
      const PendingTimer pt = s.timers.at(t.index);
      s.timers.erase(s.timers.begin() + t.index);
      const Timer timer = codec::decode<Timer>(pt.timer);
      if (rec) rec->record(now, trace::Kind::kTimer, pt.node, 0, codec::hash(timer) ^ pt.id,
                               codec::to_text(timer), {}, codec::to_json(timer));
      run(s, pt.node, depth, rec,
          [&](node::EventScope<P>& scope) { engine_.fire(scope, timer); });
      return s;
    }
    case Move::kCrash:
      --s.budget.crashes;
      crash(s, static_cast<NodeId>(t.index));
      if (rec) rec->record(now, trace::Kind::kCrash, static_cast<NodeId>(t.index), 0, 0, "crash");
      return s;
    case Move::kRestart:
      restart(s, static_cast<NodeId>(t.index), depth, rec);
      return s;
  }
  return s;
}

template <node::Protocol P>
void Explorer<P>::crash(State<P>& s, NodeId n) {
  NodeSlot<P>& slot = s.node(n);
  slot.up = false;
  slot.snapshot.clear();
  std::erase_if(s.timers, [n](const PendingTimer& t) { return t.node == n; });
}

template <node::Protocol P>
void Explorer<P>::restart(State<P>& s, NodeId n, int depth, trace::Recorder* rec) {
  NodeSlot<P>& slot = s.node(n);
  slot.up = true;
  const Time now = msec(depth);
  if (rec && depth > 0) {
    rec->record(now, trace::Kind::kRestart, n, 0, 0, "restart",
                  fmt::format("{} storage keys", slot.storage.size()));
  }
  try {
    engine_.create(n, ids_, slot.storage);
  } catch (const engine::EngineFailure& e) {
    throw StepFailure{e.what()};
  }
  Cached& c = cache_[static_cast<std::size_t>(n)];
  c.valid = true;
  c.storage = slot.storage;
  c.snapshot.clear();
  if (rec) rec->record(now, trace::Kind::kStart, n, 0, 0, "start");
  run(s, n, depth, rec, [&](node::EventScope<P>& scope) { engine_.start(scope); }, true);
}

template <node::Protocol P>
void Explorer<P>::load(const NodeSlot<P>& slot, NodeId n) {
  Cached& c = cache_[static_cast<std::size_t>(n)];
  if (c.valid && c.storage == slot.storage && c.snapshot == slot.snapshot) return;
  const bool same_storage = c.valid && c.storage == slot.storage;
  c.valid = false;
  if (!same_storage) engine_.create(n, ids_, slot.storage);
  engine_.restore(n, slot.snapshot);
  c.storage = slot.storage;
  c.snapshot = slot.snapshot;
  c.valid = true;
}

template <node::Protocol P>
template <class Call>
void Explorer<P>::run(State<P>& s, NodeId n, int depth, trace::Recorder* rec, Call&& call,
                      bool fresh) {
  NodeSlot<P>& slot = s.node(n);
  const Time now = msec(depth);
  effects_.clear();
  node::EventScope<P> scope;
  scope.self = n;
  scope.nodes = ids_;
  scope.now = now;
  scope.rng = &slot.rng;
  scope.next_timer = &slot.next_timer;
  scope.effects = &effects_;
  Cached& c = cache_[static_cast<std::size_t>(n)];
  try {
    if (!fresh) load(slot, n);
    call(scope);
    slot.snapshot = engine_.snapshot(n);
  } catch (const engine::EngineFailure& e) {
    c.valid = false;
    throw StepFailure{e.what()};
  } catch (const codec::DecodeError& e) {
    c.valid = false;
    throw StepFailure{fmt::format("n{}'s state does not decode: {}", n, e.what())};
  }
  apply_effects(s, n, now, rec);
  c.snapshot = slot.snapshot;
  c.storage = slot.storage;
  c.valid = true;
}

template <node::Protocol P>
void Explorer<P>::add_message(State<P>& s, NodeId from, NodeId to, codec::Bytes msg, bool bounded) {
  InFlight m{to, from, std::move(msg), 1};
  auto key = [](const InFlight& x) { return std::tie(x.to, x.from, x.msg); };
  auto it = std::lower_bound(s.messages.begin(), s.messages.end(), m,
                             [&](const InFlight& a, const InFlight& b) { return key(a) < key(b); });
  if (it != s.messages.end() && key(*it) == key(m)) {
    const std::uint32_t cap = model_.pruning.max_copies;
    if (!bounded || cap == 0 || it->copies < cap) ++it->copies;
    return;
  }
  s.messages.insert(it, std::move(m));
}

template <node::Protocol P>
void Explorer<P>::apply_effects(State<P>& s, NodeId n, Time now, trace::Recorder* rec) {
  NodeSlot<P>& slot = s.node(n);
  for (auto& effect : effects_) {
    if (auto* send = std::get_if<node::Send<P>>(&effect)) {
      const bool exists = send->to >= 1 && send->to <= model_.nodes;
      if (rec) rec->record(now, exists ? trace::Kind::kSend : trace::Kind::kDrop, n, send->to,
                               codec::hash(send->msg), codec::to_text(send->msg),
                               exists ? "" : "no such node", codec::to_json(send->msg));
      if (exists) add_message(s, n, send->to, codec::encode(send->msg), send->to != n);
    } else if (auto* set = std::get_if<node::SetTimer<P>>(&effect)) {
      if (rec) rec->record(now, trace::Kind::kNote, n, 0, codec::hash(set->timer) ^ set->id,
                               "set " + codec::to_text(set->timer));
      s.timers.push_back(PendingTimer{n, set->id, codec::encode(set->timer)});
    } else if (auto* cancel = std::get_if<node::CancelTimer>(&effect)) {
      const TimerId id = cancel->id;
      std::erase_if(s.timers, [&](const PendingTimer& t) { return t.node == n && t.id == id; });
    } else if (auto* write = std::get_if<node::StorageWrite>(&effect)) {
      if (rec) rec->record(now, trace::Kind::kStorage, n, 0, codec::hash(*write), write->key,
                               write->value ? "" : "erase");
      node::apply_write(slot.storage, *write);
    } else if (auto* emit = std::get_if<node::Emit<P>>(&effect)) {
      if (rec) rec->record(now, trace::Kind::kOutput, n, 0, codec::hash(emit->output),
                               codec::to_text(emit->output), {}, codec::to_json(emit->output));
      slot.outputs.push_back(std::move(emit->output));
    } else if (auto* log = std::get_if<node::Log>(&effect)) {
      if (rec) rec->record(now, trace::Kind::kLog, n, 0, codec::hash(log->text), log->text);
    }
  }
  // Timer ids grow per node, so appending keeps (node, id) order only per node: re-sort.
  std::sort(s.timers.begin(), s.timers.end(), [](const PendingTimer& a, const PendingTimer& b) {
    return std::tie(a.node, a.id) < std::tie(b.node, b.id);
  });
}

template <node::Protocol P>
std::vector<trace::Event> Explorer<P>::replay(const std::vector<Transition>& path,
                                              std::optional<std::string>* failure) {
  trace::Recorder rec(trace::Level::kFull);
  try {
    State<P> s = initial(&rec);
    int depth = 0;
    for (const Transition& t : path) s = apply(s, t, ++depth, &rec);
  } catch (const StepFailure& f) {
    if (failure) *failure = f.message;
  }
  return rec.events();
}

}  // namespace dslab::mc
