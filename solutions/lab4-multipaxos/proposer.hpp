// Lab 4: the proposer (leader) role, a pure class: phase 1 once for every slot above what it
// knows decided, re-proposals and no-ops from the promises, then phase 2 per slot for client
// commands with a window of slots in flight.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "labs/lab4-multipaxos/api/protocol.hpp"

namespace lab4 {

/// The proposer of replica `self` in a cluster of `cluster_size`. Rounds it uses are self,
/// self + n, self + 2n, ... Phases: idle -> preparing (start) -> leading (a quorum of
/// promises) -> idle (stop, or a Reject of a higher round). Not thread-safe.
class Proposer {
 public:
  Proposer() = default;
  /// Pre: 1 <= self <= cluster_size, window >= 1 (1 = no pipelining).
  Proposer(NodeId self, int cluster_size, int window = kWindow)
      : self_(self), n_(cluster_size), window_(window) {}

  /// Abandons the current round and starts phase 1 with a new round, above every round used
  /// or observed, for every slot at or above `first_undecided` (all decided up to it, minus
  /// one). Returns the Prepare for every acceptor.
  Prepare start(Slot first_undecided);
  /// Counts a promise of acceptor `from` for the current round (others are ignored; one
  /// acceptor counts once). On the first quorum the proposer leads and returns the Accepts to
  /// send: for each slot from first_undecided to the highest reported, the command of the
  /// highest accepted round reported for it, or a no-op if none was; then queued client
  /// commands in fresh slots, as the window allows.
  std::vector<Accept> on_promise(NodeId from, const Promise& promise);
  /// Queues a client command (a command already queued or in flight is ignored). Returns the
  /// Accepts it may send now (leading, and the window has room).
  std::vector<Accept> propose(const Command& command);
  /// Slot `slot` is decided: it leaves the window. Returns the Accepts that now fit.
  std::vector<Accept> on_decided(Slot slot);
  /// An acceptor refused our round: a higher promised round stops leading (until start()).
  void on_reject(const Reject& reject);
  /// Notes a round seen elsewhere so the next round is above it.
  void observe(Round round);
  /// Stops proposing (someone else leads): the round, the slots in flight and the queue go.
  void stop();

  /// The Accepts of the slots in flight (proposed, not known decided) since the previous call,
  /// to resend (call it once per Tick: a slot proposed since the last Tick is not resent yet).
  std::vector<Accept> stale();
  bool preparing() const { return phase_ == Phase::kPreparing; }
  bool leading() const { return phase_ == Phase::kLeading; }
  /// The current (or last) round, kNoRound before the first.
  Round round() const { return round_; }

 private:
  enum class Phase : std::uint8_t { kIdle, kPreparing, kLeading };
  Round next_round() const;
  /// Moves queued commands into fresh slots while the window has room.
  std::vector<Accept> fill();
  Accept send(Slot slot, const Command& command);

  NodeId self_ = 0;
  int n_ = 0;
  int window_ = kWindow;
  Phase phase_ = Phase::kIdle;
  Round round_ = kNoRound;
  Round highest_seen_ = kNoRound;
  Slot first_ = 1;
  Slot next_slot_ = 1;
  Slot highest_decided_ = kNoSlot;
  std::set<NodeId> promised_by_;
  std::map<Slot, AcceptedSlot> reported_;
  std::map<Slot, Command> in_flight_;
  std::set<Slot> old_;  // in flight at the previous stale()
  std::vector<Command> queue_;
  DSLAB_STATE(Proposer, self_, n_, window_, phase_, round_, highest_seen_, first_, next_slot_,
              highest_decided_, promised_by_, reported_, in_flight_, old_, queue_)
};

}  // namespace lab4
