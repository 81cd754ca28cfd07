// Lab 3 checker: the safety properties of single-decree consensus, observed from node outputs
// only (agreement, validity, exactly-once decision per node), plus the liveness predicate.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "runtime/sim/simulator.hpp"

namespace lab3::checks {

using Sim = dslab::sim::Simulator<Protocol>;

/// Watches every Decided output of a run as it happens and fails the run on the first
/// violation of: agreement (two nodes decide different values), validity (a decided value
/// was never submitted by a client), exactly-once (a node outputs Decided twice, also across
/// restarts). Create it right after the simulator; it must outlive the run. Not thread-safe.
class ConsensusChecker {
 public:
  explicit ConsensusChecker(Sim& sim);
  ConsensusChecker(const ConsensusChecker&) = delete;
  ConsensusChecker& operator=(const ConsensusChecker&) = delete;

  /// Records that a client submitted `value` (call before injecting it).
  void proposed(const Value& value) { proposed_.insert(value); }
  /// Whether node n has output a decision in this run.
  bool decided(NodeId n) const { return decisions_.count(n) != 0; }
  /// Whether every node that is up now has output a decision.
  bool all_live_decided() const;
  /// The decided value (nothing before the first decision).
  const std::optional<Value>& value() const { return value_; }
  /// Nodes that are up and undecided, as "n1 n3" (for liveness messages).
  std::string undecided_live() const;

 private:
  std::optional<std::string> check(const dslab::sim::OutputRecord<Protocol>& record);

  Sim& sim_;
  std::set<Value> proposed_;
  std::map<NodeId, dslab::Time> decisions_;
  std::optional<Value> value_;
  NodeId first_ = 0;
  dslab::Time first_at_ = 0;
};

}  // namespace lab3::checks
