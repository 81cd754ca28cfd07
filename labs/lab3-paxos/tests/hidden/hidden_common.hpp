// Lab 3 hidden tests: the fault settings and bounds shared by the randomized scenarios.
#pragma once

#include "labs/lab3-paxos/tests/common/scenario.hpp"
#include "runtime/sim/nemesis.hpp"
#include "runtime/testing/lab_engine.hpp"

namespace lab3::hidden {

namespace random = dslab::random;
namespace sim = dslab::sim;
namespace labkit = dslab::labkit;
namespace trace = dslab::trace;
using dslab::Duration;
using dslab::kEnvironment;
using dslab::msec;
using dslab::sec;
using dslab::Time;
using dslab::usec;

/// Seeds per randomized test (DSLAB_SEEDS overrides; the manifest states the same number).
inline constexpr std::size_t kSeeds = 500;
/// Faults (and the oracle's adversarial phase) end by this time.
inline constexpr Time kFaultPhase = sec(3);
/// After the faults heal and the oracle is stable, every live node decides within this bound.
inline constexpr Duration kLivenessBound = sec(2);

/// A seed-drawn cluster (3 or 5 nodes) on a seed-drawn faulty network (swarm testing).
inline sim::SimConfig faulty_config(std::uint64_t seed) {
  sim::SimConfig c;
  c.nodes = checks::cluster_size(seed);
  random::Rng rng = random::Rng(seed).derive("swarm");
  c.network = sim::NetworkConfig::swarm(rng);
  c.timer_jitter = msec(5);
  c.start_spread = msec(20);
  return c;
}

/// The oracle of the graded tests: adversarial until a seed-drawn time in [1 s, kFaultPhase].
inline sim::OracleConfig oracle_config() {
  sim::OracleConfig c;
  c.stabilize_min = sec(1);
  c.stabilize_max = kFaultPhase;
  return c;
}

/// Scripted runs: `n` nodes, reliable network with a fixed 1 ms latency.
inline sim::SimConfig scripted_config(int n) {
  sim::SimConfig c;
  c.nodes = n;
  c.network.min_latency = c.network.max_latency = msec(1);
  return c;
}

/// Scripted runs: messages sent in [from, to) travel on `network`; before and after, on the
/// fixed 1 ms network. The network decides a message's fate when it is sent, so this holds
/// back, or duplicates, exactly the messages a script wants.
inline void network_window(checks::Sim& sim, Time from, Time to, sim::NetworkConfig network) {
  sim.at(from, "network window", [network](checks::Sim& s) { s.set_network(network); });
  sim.at(to, "network window ends",
         [](checks::Sim& s) { s.set_network(scripted_config(3).network); });
}

/// At time t, replaces whatever links are cut by exactly this partition. (Simulator::partition
/// adds cuts to the ones already there; it does not heal the previous partition.)
inline void repartition_at(checks::Sim& sim, Time t, std::vector<std::set<NodeId>> groups) {
  sim.at(t, "repartition", [g = std::move(groups)](checks::Sim& s) {
    s.heal();
    s.partition(g);
  });
}

/// A fixed latency, else reliable.
inline sim::NetworkConfig fixed_latency(Duration latency) {
  sim::NetworkConfig c;
  c.min_latency = c.max_latency = latency;
  return c;
}

/// Every message sent is delivered twice (1 ms latency).
inline sim::NetworkConfig always_duplicate() {
  sim::NetworkConfig c = fixed_latency(msec(1));
  c.duplicate = {1, 1};
  return c;
}

/// A client proposes `value` at `node`, which is told it leads.
inline void propose(checks::Sim& sim, checks::ConsensusChecker& checker, Time at, NodeId node,
                    const Value& value) {
  checker.proposed(value);
  sim.inject_at(at, node, Leader{node});
  sim.inject_at(at, node, ClientRequest{value});
}

/// The engine of this test binary (in-process, or the node host when isolated).
inline std::unique_ptr<checks::Engine> engine() {
  return labkit::make_lab_engine<Protocol>();
}

}  // namespace lab3::hidden
