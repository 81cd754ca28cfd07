// Lab 4: the learner role, a pure class: it decides a slot once a quorum of distinct acceptors
// report the same round for it, keeps out-of-order decisions, and hands them out in slot order.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "labs/lab4-multipaxos/api/protocol.hpp"

namespace lab4 {

/// The learner of one replica in a cluster of `cluster_size` replicas. Not thread-safe.
/// Invariants: a decided slot never changes; slots below next() are delivered, in order.
class Learner {
 public:
  Learner() = default;
  explicit Learner(int cluster_size) : n_(cluster_size) {}

  /// Records that acceptor `from` accepted `learn`. Returns the command when this call decides
  /// learn.slot (a quorum of distinct acceptors for one round of that slot); nothing otherwise,
  /// including every call for a slot already decided. Repeats from one acceptor count once.
  std::optional<Command> on_learn(NodeId from, const Learn& learn);
  /// A decision learned from a peer (catch-up) or reloaded from storage. Returns whether it was
  /// new (an already decided slot is final and keeps its command).
  bool on_decision(const Decision& decision);

  /// The decided slots from next() on without a gap, in order; next() moves past them (each
  /// slot is handed out once).
  std::vector<Decision> take_deliverable();
  /// The first slot not yet handed out by take_deliverable() (1 at first).
  Slot next() const { return next_; }
  /// Sets next() after a restart (slots below were delivered before the crash).
  void restore_next(Slot next) { next_ = next; }
  /// The highest decided slot (kNoSlot if none).
  Slot highest_decided() const { return decided_.empty() ? kNoSlot : decided_.rbegin()->first; }
  /// Whether `slot` is decided.
  bool decided(Slot slot) const { return decided_.count(slot) != 0; }
  /// Up to `max` decided slots at or above `from`, ascending.
  std::vector<Decision> decided_from(Slot from, std::size_t max) const;

 private:
  int n_ = 0;
  std::map<Slot, std::map<Round, std::set<NodeId>>> votes_;
  std::map<Slot, std::map<Round, Command>> values_;
  std::map<Slot, Command> decided_;
  Slot next_ = 1;
  DSLAB_STATE(Learner, n_, votes_, values_, decided_, next_)
};

}  // namespace lab4
