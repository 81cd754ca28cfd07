// Lab 3 test scaffolding shared by public and hidden tests: the per-run checkers (the one place
// every randomized and scripted run builds them), the runner, the client workload, the leader
// oracle's message, the liveness check, and the fault settings and bounds of the scenarios.
#pragma once

#include <cstdint>
#include <vector>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "labs/lab3-paxos/tests/common/consensus_checker.hpp"
#include "labs/lab3-paxos/tests/common/paxos_rules.hpp"
#include "runtime/sim/oracle.hpp"
#include "runtime/testing/runner.hpp"
#include "runtime/testing/script.hpp"

namespace lab3::checks {

using Message = Protocol::Message;
using ObservedEngine = dslab::labkit::ObservedEngine<Protocol>;

/// The checkers of every run, built by the runner right after the simulator: they observe every
/// output and message as it happens and fail the run at the first violation.
struct Checkers {
  Checkers(Sim& sim, ObservedEngine& engine);
  /// Agreement, validity, exactly-once (outputs).
  ConsensusChecker consensus;
  /// The handout's local rules, on every message sent and every decision (paxos_rules.hpp).
  PaxosRules rules;
};

/// The runner of lab 3's randomized and scripted tests.
using Runner = dslab::labkit::Runner<Protocol, Checkers>;

/// Clients resend to every live undecided node this often once the fault phase is over.
inline constexpr dslab::Duration kClientRetry = dslab::msec(200);
/// Faults (and the oracle's adversarial phase) end by this time.
inline constexpr dslab::Time kFaultPhase = dslab::sec(3);
/// After the faults heal and the oracle is stable, every live node decides within this bound.
inline constexpr dslab::Duration kLivenessBound = dslab::sec(2);

/// The leader detector's notification (what the oracle injects).
inline Message leader_message(NodeId leader) { return Leader{leader}; }

/// Cluster size drawn from the seed: 3 or 5 (the kit's swarm_cluster_size).
inline int cluster_size(std::uint64_t seed) { return dslab::labkit::swarm_cluster_size(seed); }
/// A seed-drawn cluster (3 or 5 nodes) on a seed-drawn faulty network, timer jitter 5 ms, boots
/// spread over 20 ms: the kit's swarm_config with its defaults.
inline dslab::sim::SimConfig faulty_config(std::uint64_t seed) {
  return dslab::labkit::swarm_config(seed);
}

/// The oracle of the randomized tests: adversarial until a seed-drawn time in [1 s, kFaultPhase].
dslab::sim::OracleConfig oracle_config();

/// Scripted runs: `n` nodes, reliable network with a fixed 1 ms latency.
dslab::sim::SimConfig scripted_config(int n);

/// Client workload: `count` requests "v1".."v<count>" at seed-drawn times in [0, until) to
/// seed-drawn nodes; from `until` on, every `retry`, a request for one of those values to
/// every live node that has not decided (clients retry until they get an answer).
void schedule_clients(Sim& sim, ConsensusChecker& checker, dslab::Time until, int count,
                      dslab::Duration retry = kClientRetry);

/// Scripted runs: a client proposes `value` at `node`, which is told it leads.
void propose(Sim& sim, ConsensusChecker& checker, dslab::Time at, NodeId node, const Value& value);

/// Liveness: runs until every live node has decided; fails the run if that is not so by
/// `deadline`. Then keeps running until `deadline` (safety is still checked). `why` says what
/// the bound is (shown to the student).
bool all_decide_by(Sim& sim, const ConsensusChecker& checker, dslab::Time deadline,
                   const std::string& why);

/// The randomized run most tests use: the adversarial oracle, `clients` client values and the
/// nemesis until kFaultPhase (its `until` is set here); then every live node must decide within
/// kLivenessBound (`why` names the conditions of that bound).
void faults_then_decide(Sim& sim, Checkers& checkers, dslab::sim::NemesisConfig nemesis,
                        int clients, const std::string& why);

}  // namespace lab3::checks
