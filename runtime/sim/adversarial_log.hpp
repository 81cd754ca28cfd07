// The adversarial replicated log: a stand-in for a Multi-Paxos log the simulator drives, so a lab
// built on a log (lab 5) is graded on its own concepts. Nodes propose values through an output;
// the log decides values in slot order (1, 2, 3, ...) and tells every node each decided slot by
// injecting a message. Until a stabilisation time drawn from the seed it is adversarial: it loses
// proposals (never decided), decides some twice (the copy much later), fills slots with no-ops,
// delays decisions, tells nodes about slots late, out of order and more than once, and names
// wrong, changing leaders (an eventual-leader oracle). From then on every proposal is decided
// once, promptly, and the leader is stable. A restarted node is told every decided slot again,
// from slot 1 (the log is the durable part). Not thread-safe.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/sim/oracle.hpp"
#include "runtime/sim/simulator.hpp"

namespace dslab::sim {

/// How the log misbehaves before it stabilises (and how fast it is after). Probabilities are
/// integer ratios (random::Ratio).
struct AdversarialLogConfig {
  Time stabilize_min = sec(1);   ///< stabilisation time drawn from [min, max]
  Time stabilize_max = sec(3);
  random::Ratio lose{1, 5};        ///< a proposal is never decided
  random::Ratio duplicate{1, 4};   ///< a proposal is decided a second time, later
  random::Ratio noop{1, 8};        ///< a no-op slot is decided just before a proposal
  random::Ratio tell_twice{1, 4};  ///< a node is told about a slot a second time
  Duration decide_min = usec(200); ///< proposal to decision (stable: the minimum, doubled)
  Duration decide_max = msec(40);
  Duration duplicate_max = msec(300);  ///< extra delay of a duplicate decision
  Duration tell_min = usec(100);   ///< decision to each node (independently: reorders slots)
  Duration tell_max = msec(30);
  Duration stable_tell = usec(500);    ///< decision to each node once stable
  OracleConfig leader = {};       ///< the leader hints (stabilize_* are taken from above)
};

/// What a lab's protocol says: how a node proposes, how it is told a decision and a leader.
template <node::Protocol P, class Value>
struct AdversarialLogSpec {
  /// The value an output proposes, if it is a proposal.
  std::function<std::optional<Value>(const typename P::Output&)> proposal;
  /// The message telling a node that `slot` holds `value`.
  std::function<typename P::Message(std::int64_t slot, const Value& value)> decided;
  /// The message telling a node who leads.
  std::function<typename P::Message(NodeId leader)> leader;
  /// Messages a node gets as soon as it starts (at t=0 and after each restart), e.g. settings.
  std::function<std::vector<typename P::Message>(NodeId node)> boot = {};
  /// The value of a no-op slot.
  Value noop{};
};

/// One decided slot, as the log's observers see it.
template <class Value>
struct LogDecision {
  std::int64_t slot = 0;
  Value value;
  NodeId proposer = 0;  ///< 0 for a no-op the log made up
};

/// The log of one run. Create it after the simulator, before the run, and keep it alive while
/// the simulator runs (its scheduled actions refer to it). Every node must boot at t=0.
template <node::Protocol P, class Value>
class AdversarialLog {
 public:
  using Decision = LogDecision<Value>;
  using Listener = std::function<void(const Decision&)>;

  AdversarialLog(Simulator<P>& sim, AdversarialLogConfig config, AdversarialLogSpec<P, Value> spec)
      : sim_(sim), config_(std::move(config)), spec_(std::move(spec)),
        rng_(random::Rng(sim.config().seed).derive("adversarial log")),
        oracle_(sim, oracle_config(config_), spec_.leader) {
    sim_.run_events().on_output(
        [this](const OutputEvent<P>& e) { on_output(e.node, e.output); });
    sim_.run_events().on_restart([this](const RestartEvent& e) { replay(e.node); });
    for (NodeId n : sim_.nodes()) boot(n, usec(1));
  }
  AdversarialLog(const AdversarialLog&) = delete;
  AdversarialLog& operator=(const AdversarialLog&) = delete;

  /// `listener` is called at each decision, before any node is told (checkers: the reference).
  void on_decide(Listener listener) { listeners_.push_back(std::move(listener)); }
  /// When the log (and its leader hints) become well-behaved.
  Time stabilization_time() const { return oracle_.stabilization_time(); }
  /// Every decided slot so far, slot i at index i - 1.
  const std::vector<Decision>& decided() const { return decided_; }
  /// Proposals seen so far (outputs), and how many of them the log chose to lose.
  std::size_t proposals() const { return proposals_; }
  std::size_t lost() const { return lost_; }

 private:
  static OracleConfig oracle_config(const AdversarialLogConfig& c) {
    OracleConfig o = c.leader;
    o.stabilize_min = c.stabilize_min;
    o.stabilize_max = c.stabilize_max;
    return o;
  }

  bool stable() const { return sim_.now() >= stabilization_time(); }

  void on_output(NodeId node, const typename P::Output& output) {
    auto value = spec_.proposal(output);
    if (!value) return;
    ++proposals_;
    if (stable()) return decide_after(2 * config_.decide_min, node, std::move(*value), false);
    if (rng_.chance(config_.lose)) {
      ++lost_;
      return sim_.at(sim_.now(), fmt::format("log loses n{}'s proposal", node),
                     [](Simulator<P>&) {});
    }
    const Duration delay = rng_.between(config_.decide_min, config_.decide_max);
    if (rng_.chance(config_.duplicate)) {
      decide_after(delay + rng_.between(0, config_.duplicate_max), node, *value, false);
    }
    decide_after(delay, node, std::move(*value), rng_.chance(config_.noop));
  }

  void decide_after(Duration delay, NodeId proposer, Value value, bool noop_first) {
    sim_.at(sim_.now() + delay, fmt::format("log decides n{}'s proposal", proposer),
            [this, proposer, value = std::move(value), noop_first](Simulator<P>&) {
              if (noop_first) decide(0, spec_.noop);
              decide(proposer, value);
            });
  }

  void decide(NodeId proposer, const Value& value) {
    const auto slot = static_cast<std::int64_t>(decided_.size()) + 1;
    decided_.push_back(Decision{slot, value, proposer});
    for (const auto& l : listeners_) l(decided_.back());
    for (NodeId n : sim_.live_nodes()) tell(n, decided_.back(), 0);
  }

  // Tells `node` about one decided slot `extra` from now plus the log's delay (twice, maybe).
  void tell(NodeId node, const Decision& d, Duration extra) {
    const Time now = sim_.now() + extra;
    if (stable()) {
      sim_.inject_at(now + config_.stable_tell, node, spec_.decided(d.slot, d.value));
      return;
    }
    sim_.inject_at(now + rng_.between(config_.tell_min, config_.tell_max), node,
                   spec_.decided(d.slot, d.value));
    if (rng_.chance(config_.tell_twice)) {
      sim_.inject_at(now + rng_.between(config_.tell_min, 4 * config_.tell_max), node,
                     spec_.decided(d.slot, d.value));
    }
  }

  void boot(NodeId node, Duration after) {
    if (!spec_.boot) return;
    for (auto& m : spec_.boot(node)) sim_.inject_at(sim_.now() + after, node, std::move(m));
  }

  // A restarted node: its boot messages, then every decided slot again (in any order).
  void replay(NodeId node) {
    boot(node, usec(1));
    for (const Decision& d : decided_) tell(node, d, usec(2));
  }

  Simulator<P>& sim_;
  AdversarialLogConfig config_;
  AdversarialLogSpec<P, Value> spec_;
  random::Rng rng_;
  LeaderOracle<P> oracle_;
  std::vector<Decision> decided_;
  std::vector<Listener> listeners_;
  std::size_t proposals_ = 0;
  std::size_t lost_ = 0;
};

}  // namespace dslab::sim
