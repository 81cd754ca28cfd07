// Lab 3: the learner role, a pure class: it decides once a quorum of distinct acceptors report
// accepting the same round.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "labs/lab3-paxos/api/protocol.hpp"

namespace lab3 {

/// The learner of one node in a cluster of `cluster_size` nodes. Not thread-safe.
/// Invariant: once decided, the decision never changes.
class Learner {
 public:
  Learner() = default;
  explicit Learner(int cluster_size) : n_(cluster_size) {}

  /// Records that acceptor `from` accepted `accepted`. Returns the value when this call makes
  /// the learner decide (a quorum of distinct acceptors for one round); nothing otherwise,
  /// including every call after the decision. Repeats from one acceptor count once.
  std::optional<Value> on_accepted(NodeId from, const Accepted& accepted);
  /// A decided peer's answer. Returns the value if this call makes the learner decide.
  std::optional<Value> on_chosen(const Chosen& chosen);
  /// Sets a decision reloaded from stable storage (no output: it was reported before the crash).
  void restore(const Value& value) { decided_ = value; }

  const std::optional<Value>& decided() const { return decided_; }

 private:
  int n_ = 0;
  std::map<Round, std::vector<NodeId>> votes_;
  std::map<Round, Value> values_;
  std::optional<Value> decided_;
  DSLAB_STATE(Learner, n_, votes_, values_, decided_)
};

}  // namespace lab3
