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

/// The decisions of a run so far, judged one at a time: agreement, validity and exactly-once as
/// a value, apart from any simulator (ConsensusChecker feeds it outputs as they happen; a model
/// checker's invariant feeds it the outputs of one state). Not thread-safe.
class Decisions {
 public:
  explicit Decisions(std::set<Value> proposed = {}) : proposed_(std::move(proposed)) {}
  /// Records that a client submitted `value`.
  void proposed(const Value& value) { proposed_.insert(value); }
  /// Judges node n's Decided(value) output, made `when` (e.g. "t=12.000ms", for the message;
  /// "" leaves times out): the first broken property in words, or nothing (then it is recorded).
  std::optional<std::string> observe(NodeId n, const Value& value, const std::string& when);
  bool decided(NodeId n) const { return decisions_.count(n) != 0; }
  const std::optional<Value>& value() const { return value_; }

 private:
  std::set<Value> proposed_;
  std::map<NodeId, std::string> decisions_;  // node -> when
  std::optional<Value> value_;
  NodeId first_ = 0;
  std::string first_when_;
};

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
  void proposed(const Value& value) { decisions_.proposed(value); }
  /// Whether node n has output a decision in this run.
  bool decided(NodeId n) const { return decisions_.decided(n); }
  /// Whether every node that is up now has output a decision.
  bool all_live_decided() const;
  /// The decided value (nothing before the first decision).
  const std::optional<Value>& value() const { return decisions_.value(); }
  /// Nodes that are up and undecided, as "n1 n3" (for liveness messages).
  std::string undecided_live() const;

 private:
  std::optional<std::string> check(const dslab::sim::OutputRecord<Protocol>& record);

  Sim& sim_;
  Decisions decisions_;
};

}  // namespace lab3::checks
