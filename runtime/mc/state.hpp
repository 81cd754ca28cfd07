// The model checker's global state: every node's value (its snapshot), stable storage and
// outputs, the multiset of messages in flight, the pending timers and the fault budgets left;
// and the transitions between states. A state is itself a DSLAB_STATE value, so its
// fingerprint is the codec's stable hash of its canonical encoding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/codec/hash.hpp"
#include "runtime/codec/state.hpp"
#include "runtime/codec/wire.hpp"
#include "runtime/node/context.hpp"
#include "runtime/node/storage.hpp"
#include "runtime/random/random.hpp"

namespace dslab::mc {

/// Messages in flight from `from` to `to` with the same encoding: `copies` of them. Kept encoded
/// so that the multiset has one canonical order (to, from, bytes) whatever the order of sends.
struct InFlight {
  NodeId to = 0;
  NodeId from = 0;
  codec::Bytes msg;
  std::uint32_t copies = 1;
  DSLAB_STATE(InFlight, to, from, msg, copies)
};

/// A timer a node set and neither fired nor cancelled. Its delay is not kept: in the search any
/// pending timer may fire at any point (time is abstracted away).
struct PendingTimer {
  NodeId node = 0;
  TimerId id = 0;
  codec::Bytes timer;
  DSLAB_STATE(PendingTimer, node, id, timer)
};

/// What faults the search may still inject on the path to this state. Budgets are part of the
/// state: the same nodes and messages with more faults left is a different state.
struct Budget {
  std::uint32_t drops = 0;
  std::uint32_t duplicates = 0;
  std::uint32_t crashes = 0;
  DSLAB_STATE(Budget, drops, duplicates, crashes)
};

/// One node as the search sees it. `snapshot` is Engine::snapshot() (the node's DSLAB_STATE
/// encoding); empty while the node is down.
template <class P>
struct NodeSlot {
  bool up = true;
  codec::Bytes snapshot;
  node::StorageMap storage;
  random::Rng rng;
  TimerId next_timer = 1;
  std::vector<typename P::Output> outputs;  ///< every output of the node so far, in order
  DSLAB_STATE(NodeSlot, up, snapshot, storage, rng, next_timer, outputs)
};

/// A global state. Canonical: `messages` sorted by (to, from, msg) with equal ones merged into
/// `copies`, `timers` sorted by (node, id); so equal states encode (and hash) equally.
template <class P>
struct State {
  std::vector<NodeSlot<P>> nodes;  ///< nodes[i] is node i+1
  std::vector<InFlight> messages;
  std::vector<PendingTimer> timers;
  Budget budget;
  DSLAB_STATE(State, nodes, messages, timers, budget)

  /// Node n (1..size).
  const NodeSlot<P>& node(NodeId n) const { return nodes.at(static_cast<std::size_t>(n - 1)); }
  NodeSlot<P>& node(NodeId n) { return nodes.at(static_cast<std::size_t>(n - 1)); }
  int size() const { return static_cast<int>(nodes.size()); }
};

/// The fingerprint the visited set keeps: FNV-1a 64 of the canonical encoding (codec::hash).
/// Two different states collide with probability about 2^-64 per pair, so a search of N states
/// wrongly skips one with probability below N^2 / 2^65 (1e6 states: 3e-8; 1e8 states: 3e-4).
template <class P>
std::uint64_t fingerprint(const State<P>& state) {
  return codec::hash(state);
}

/// What a transition does.
enum class Move : std::uint8_t {
  kDeliver,    ///< deliver one copy of messages[index] (lost if the receiver is down)
  kDrop,       ///< the network loses one copy of messages[index]
  kDuplicate,  ///< the network adds a copy of messages[index]
  kFire,       ///< timers[index] fires
  kCrash,      ///< node `index` crashes (memory, timers lost; storage kept)
  kRestart,    ///< crashed node `index` restarts from its stable storage (on_start)
};

/// "deliver", "drop", ...
const char* move_name(Move move);

/// One transition out of a state: the move and what it applies to (an index into the state's
/// messages or timers, or a node id). Meaningful only together with the state it leaves.
struct Transition {
  Move move = Move::kDeliver;
  std::uint32_t index = 0;
  DSLAB_STATE(Transition, move, index)
};

inline const char* move_name(Move move) {
  switch (move) {
    case Move::kDeliver: return "deliver";
    case Move::kDrop: return "drop";
    case Move::kDuplicate: return "duplicate";
    case Move::kFire: return "fire";
    case Move::kCrash: return "crash";
    case Move::kRestart: return "restart";
  }
  return "?";
}

}  // namespace dslab::mc
