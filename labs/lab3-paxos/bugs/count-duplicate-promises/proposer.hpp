// Lab 3: the proposer role, a pure class: it turns a client value into a Prepare, a quorum of
// Promises into an Accept, and picks rounds unique to this proposer.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "labs/lab3-paxos/api/protocol.hpp"

namespace lab3 {

/// The proposer of node `self` in a cluster of `cluster_size` nodes. Not thread-safe.
/// Rounds it uses are self, self + n, self + 2n, ... (unique across proposers).
class Proposer {
 public:
  Proposer() = default;
  /// Pre: 1 <= self <= cluster_size.
  Proposer(NodeId self, int cluster_size) : self_(self), n_(cluster_size) {}

  /// Abandons any current round and starts a new one, above every round used or observed,
  /// that will propose `value` unless a promise reports an accepted value. Returns the Prepare
  /// to send to every acceptor.
  Prepare start(const Value& value);
  /// Counts a promise of acceptor `from` for the current round (others are ignored, and one
  /// acceptor counts once). On the first quorum, returns the Accept to send to every acceptor:
  /// the value accepted in the highest round among the promises, else the client's value.
  std::optional<Accept> on_promise(NodeId from, const Promise& promise);
  /// Notes a round seen elsewhere (a Nack, a peer's Prepare) so the next round is above it.
  void observe(Round round);
  /// Stops proposing (no longer leader, or decided): later promises are ignored.
  void stop() { phase_ = Phase::kIdle; }

  /// Whether a round is in progress (preparing or accepting).
  bool active() const { return phase_ != Phase::kIdle; }
  /// The current (or last) round, kNoRound before the first.
  Round round() const { return round_; }

 private:
  enum class Phase : std::uint8_t { kIdle, kPreparing, kAccepting };
  Round next_round() const;

  NodeId self_ = 0;
  int n_ = 0;
  Phase phase_ = Phase::kIdle;
  Round round_ = kNoRound;
  Round highest_seen_ = kNoRound;
  Value value_;
  std::vector<NodeId> promised_by_;
  Round best_round_ = kNoRound;
  Value best_value_;
  DSLAB_STATE(Proposer, self_, n_, phase_, round_, highest_seen_, value_, promised_by_, best_round_,
              best_value_)
};

}  // namespace lab3
