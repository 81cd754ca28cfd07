// Lab 2 tests (trusted): the checker that watches every handler call of a cluster of detector
// nodes (through ObservedEngine) and keeps what the nodes announced — suspicions, leaders,
// timeout delays — checking the handout's rules as it goes. It never reads a node's memory.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "labs/lab2-detector/api/protocol.hpp"
#include "runtime/testing/observed_engine.hpp"
#include "runtime/sim/simulator.hpp"

namespace lab2::checks {

using dslab::Time;
using ObservedEngine = dslab::labkit::ObservedEngine<Protocol>;
using HandlerCall = dslab::labkit::HandlerCall<Protocol>;
using dslab::labkit::CallKind;

/// Which rules the checker enforces (observation is always on).
struct Rules {
  /// Suspect(q) only for an unsuspected q, Restore(q) only for a suspected q, both only in a
  /// timeout, q a node of the cluster.
  bool notifications = true;
  // Every rule is on by default: a test turns one off only with a reason.
  /// After every handler call the announced leader (last Trust since start; unknown before)
  /// equals the highest unsuspected id (kUnknownLeader if none); Trust only on a change.
  bool leader = true;
  /// Start sets one Timeout of kInitialDelay; each timeout sets one Timeout whose delay is the
  /// previous one plus kDelta if that timeout restored a node, unchanged otherwise; messages set
  /// no timer; no timer is ever cancelled.
  bool delay = true;
  /// Start sends nothing; a timeout sends exactly one HeartbeatRequest to each node (itself
  /// included) and nothing else, at least kDelta after the previous timeout (or the start); a
  /// HeartbeatRequest from q is answered by exactly one HeartbeatReply to q; a HeartbeatReply
  /// is answered by nothing.
  bool budget = true;
};

/// What the checker knows about one node (current incarnation), from its effects only.
struct NodeView {
  bool up = false;
  bool started = false;
  Time started_at = 0;
  std::set<NodeId> suspected;      ///< from Suspect/Restore outputs since the start
  NodeId leader = kUnknownLeader;  ///< from the last Trust since the start
  Duration delay = 0;              ///< delay of the last Timeout it set
  Time next_timeout = -1;          ///< when that Timeout is due (-1: none set)
  Time last_timeout = -1;          ///< when its last timeout ran (-1: none yet)
  Time previous_timeout = -1;      ///< when the one before ran (-1: none)
  int timeouts = 0;                ///< timeouts run since the start
};

/// Watches a cluster of nodes 1..n. It adds its listeners beside the other checkers' (the observed
/// engine is per run) and must live as long as the run it watches. Not thread-safe.
class Checker {
 public:
  Checker(ObservedEngine& engine, int nodes, Rules rules);
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  /// Fails `sim` (kind "safety") at the first event that broke a rule.
  template <class Sim>
  void install(Sim& sim) {
    sim.add_invariant("lab2 rules", [this] { return violation_; });
  }

  const NodeView& node(NodeId n) const;
  /// Nodes up now (started and not crashed since).
  std::vector<NodeId> live() const;
  /// Whether p is up and announced a suspicion of q that it has not withdrawn.
  bool suspects(NodeId p, NodeId q) const;
  /// Whether every live node ran at least two timeouts after time t. After two such timeouts
  /// on a reliable network, the second has seen replies to requests sent after t.
  bool two_timeouts_after(Time t) const;
  /// Number of timeouts (all nodes) whose Timeout delay grew by kDelta.
  int delay_increases() const { return delay_increases_; }
  /// Outputs of each kind since the checker was attached.
  int suspect_count() const { return suspects_; }
  int trust_count() const { return trusts_; }
  /// The first rule broken, if any.
  const std::optional<std::string>& violation() const { return violation_; }

  /// Records a violation found by a test's own check (the first one wins).
  void flag(std::string message);

  /// From now on any Suspect output is a violation (`why` explains it to the student), e.g. once
  /// the network is stable and every node is correct.
  void forbid_suspicions(std::string why) { forbid_suspect_ = std::move(why); }
  /// From now on any Trust output is a violation, e.g. once every correct node agrees.
  void forbid_trust(std::string why) { forbid_trust_ = std::move(why); }

 private:
  void on_call(const HandlerCall& call);
  void check_outputs(const HandlerCall& call, NodeView& view, bool& restored);
  void check_timers(const HandlerCall& call, NodeView& view, bool restored);
  void check_sends(const HandlerCall& call, NodeView& view);
  void check_leader_rule(const HandlerCall& call, const NodeView& view);

  int nodes_;
  Rules rules_;
  std::vector<NodeView> views_;  // index 1..n
  int delay_increases_ = 0;
  int suspects_ = 0;
  int trusts_ = 0;
  std::optional<std::string> violation_;
  std::optional<std::string> forbid_suspect_;
  std::optional<std::string> forbid_trust_;
};

/// Where a handler call happened, for messages: "n2 in its timeout at t=1.2s", "n2 on
/// HeartbeatReply{} from n3 at t=...", "n2 in on_start at t=...".
std::string call_site(const HandlerCall& call);

/// "n1, n3" for messages.
std::string node_list(const std::vector<NodeId>& nodes);

}  // namespace lab2::checks
