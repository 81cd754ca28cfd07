// Lab 2 tests (trusted): the justified-output rules. From what a node received since its start
// (which HeartbeatReplies arrived in which period), the handout's algorithm fixes every output
// and every delay of its next timeout; this checker replays the algorithm over the observed
// inputs and flags the first output, delay or storage write the node's inputs do not justify.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "labs/lab2-detector/tests/common/checker.hpp"

namespace lab2::checks {

/// What the handout's algorithm says about one node in its current incarnation, learned from its
/// inputs only (start, replies delivered, timeouts fired), never from its memory. Not
/// thread-safe.
class NodeRules {
 public:
  /// A node of the cluster 1..`nodes`, not started.
  explicit NodeRules(int nodes) : nodes_(nodes) {}

  /// Checks one handler call of this node against the algorithm and advances the model as the
  /// algorithm would (whatever the node did). Returns the first rule broken: "rule: detail".
  std::optional<std::string> check(const HandlerCall& call);
  /// The node crashed: its next call must be a start.
  void crash() { started_ = false; }

  bool started() const { return started_; }
  /// The suspicions the algorithm holds now.
  const std::set<NodeId>& suspected() const { return suspected_; }
  /// The delay of the Timeout the algorithm set last.
  Duration delay() const { return delay_; }
  /// The leader the algorithm announced last.
  NodeId leader() const { return leader_; }

 private:
  std::optional<std::string> on_start(const HandlerCall& call);
  std::optional<std::string> on_timeout(const HandlerCall& call);
  std::optional<std::string> on_message(const HandlerCall& call);
  /// The highest id not in suspected_, or kUnknownLeader.
  NodeId highest_unsuspected() const;

  int nodes_;
  bool started_ = false;
  std::map<NodeId, Time> alive_;  ///< node -> first reply of the period (0 at start: all alive)
  bool first_period_ = true;      ///< alive := all nodes until the first timeout
  Time period_start_ = 0;         ///< the start or the previous timeout
  std::set<NodeId> suspected_;
  Duration delay_ = kInitialDelay;
  NodeId leader_ = kUnknownLeader;
};

/// Watches every node of a cluster 1..n through the observed engine with one NodeRules each, and
/// fails the run (kind "safety") at the first unjustified output, delay or storage write. Adds
/// its listeners beside the other checkers' (never clears them); must live as long as the run.
class JustifiedOutputs {
 public:
  JustifiedOutputs(ObservedEngine& engine, int nodes);
  JustifiedOutputs(const JustifiedOutputs&) = delete;
  JustifiedOutputs& operator=(const JustifiedOutputs&) = delete;

  /// Adds the invariant "lab2 justified outputs" to `sim`.
  template <class Sim>
  void install(Sim& sim) {
    sim.add_invariant("lab2 justified outputs", [this] { return violation_; });
  }
  /// Feeds one handler call (what the engine listener does; public for the unit tests).
  void observe(const HandlerCall& call);
  /// Feeds one crash.
  void crash(NodeId n);
  const std::optional<std::string>& violation() const { return violation_; }

 private:
  std::vector<NodeRules> nodes_;  // index 0 is node 1
  std::optional<std::string> violation_;
};

}  // namespace lab2::checks
