// Lab 3: the acceptor role, a pure class (message in, optional answer out) plus its persistence.
#pragma once

#include <optional>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "runtime/node/storage.hpp"

namespace lab3 {

/// What an acceptor must keep in stable storage (key "acceptor").
struct AcceptorState {
  Round promised = kNoRound;
  Round accepted_round = kNoRound;
  Value accepted_value;
  DSLAB_STATE(AcceptorState, promised, accepted_round, accepted_value)
};

/// The acceptor of one node. Not thread-safe.
/// Invariant: accepted_round <= promised.
class Acceptor {
 public:
  /// Promises `prepare.round` if it is above every round promised so far and returns the
  /// Promise (with the last accepted proposal); otherwise returns nothing and changes nothing.
  std::optional<Promise> on_prepare(const Prepare& prepare);
  /// Accepts `accept` if its round is at or above the promised round and returns the
  /// Accepted to tell the learners; otherwise returns nothing and changes nothing.
  std::optional<Accepted> on_accept(const Accept& accept);

  /// The highest round promised (kNoRound if none).
  Round promised() const { return state_.promised; }

  /// Writes the state to stable storage. Call after every change, before answering.
  void save(dslab::node::Storage& storage) const;
  /// Reloads the state saved by save() (a fresh acceptor if nothing was saved).
  void load(const dslab::node::Storage& storage);

 private:
  AcceptorState state_;
  DSLAB_STATE(Acceptor, state_)
};

}  // namespace lab3
