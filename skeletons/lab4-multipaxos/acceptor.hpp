// Lab 4: the acceptor role, a pure class (message in, optional answer out) plus its persistence.
#pragma once

#include <map>
#include <optional>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "runtime/node/storage.hpp"

namespace lab4 {

/// The acceptor of one replica: one promised round for every slot, and what it accepted per
/// slot. Not thread-safe. Invariant: every accepted round <= promised.
class Acceptor {
 public:
  /// Promises `prepare.round` (for every slot) if it is above the promised round, and returns
  /// the Promise reporting every accepted slot at or above `prepare.slot`, ascending; otherwise
  /// returns nothing and changes nothing.
  std::optional<Promise> on_prepare(const Prepare& prepare);
  /// Accepts `accept` if its round is at or above the promised round (raising the promise to
  /// it; the slot's earlier value is overwritten) and returns the Learn for every learner;
  /// otherwise returns nothing and changes nothing.
  std::optional<Learn> on_accept(const Accept& accept);

  /// The promised round (kNoRound if none).
  Round promised() const { return promised_; }

  /// Writes the promised round and, when `slot` is a slot, what was accepted in it, to stable
  /// storage (keys "acceptor/promised" and "acceptor/slot/<slot>"). Call after every change,
  /// before answering.
  void save(dslab::node::Storage& storage, Slot slot = kNoSlot) const;
  /// Reloads everything save() wrote (a fresh acceptor if nothing was saved).
  void load(const dslab::node::Storage& storage);

 private:
  Round promised_ = kNoRound;
  std::map<Slot, AcceptedSlot> accepted_;
  DSLAB_STATE(Acceptor, promised_, accepted_)
};

}  // namespace lab4
