// Building blocks of scenarios: the VOPR fault phase drawn from the seed, the swarm-testing
// configuration (cluster size and faulty network drawn from the seed), and the scripted moves
// of one-seed stories (a network window that holds back or duplicates exactly the
// messages sent in it, a partition that replaces the previous one).
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "runtime/random/random.hpp"

#include "runtime/sim/nemesis.hpp"
#include "runtime/sim/simulator.hpp"

namespace dslab::labkit {

/// The fault phase of a randomized run: the nemesis (crashes, restarts, partitions, one-way
/// cuts) drawn from the seed's "nemesis" stream until `nemesis.until`; then everything heals
/// and the network becomes `nemesis.after` (the liveness phase).
template <node::Protocol P>
void fault_phase(sim::Simulator<P>& sim, const sim::NemesisConfig& nemesis) {
  sim::schedule_nemesis(sim, nemesis, sim.workload_rng().derive("nemesis"));
}

/// What swarm_config draws from, and what it fixes.
struct SwarmOptions {
  std::vector<int> sizes = {3, 5};          ///< cluster sizes, one drawn per seed
  Duration timer_jitter = msec(5);          ///< SimConfig::timer_jitter
  Duration start_spread = msec(20);         ///< SimConfig::start_spread (boots spread over it)
};

/// The cluster size of seed `seed`: one of `sizes` (stream "cluster size" of the seed).
inline int swarm_cluster_size(std::uint64_t seed, const std::vector<int>& sizes = {3, 5}) {
  return sizes.at(static_cast<std::size_t>(
      random::Rng(seed).derive("cluster size").below(sizes.size())));
}

/// Swarm testing: a seed-drawn cluster size on a seed-drawn faulty network
/// (sim::NetworkConfig::swarm on the seed's "swarm" stream), with the options' jitter and
/// boot spread. The seed of the run itself is set by the runner.
inline sim::SimConfig swarm_config(std::uint64_t seed, const SwarmOptions& options = {}) {
  sim::SimConfig c;
  c.nodes = swarm_cluster_size(seed, options.sizes);
  random::Rng rng = random::Rng(seed).derive("swarm");
  c.network = sim::NetworkConfig::swarm(rng);
  c.timer_jitter = options.timer_jitter;
  c.start_spread = options.start_spread;
  return c;
}

/// A reliable network with a fixed latency.
inline sim::NetworkConfig fixed_latency(Duration latency) {
  sim::NetworkConfig c;
  c.min_latency = c.max_latency = latency;
  return c;
}

/// Every message is delivered twice, after a fixed latency.
inline sim::NetworkConfig always_duplicate(Duration latency) {
  sim::NetworkConfig c = fixed_latency(latency);
  c.duplicate = {1, 1};
  return c;
}

/// Messages sent in [from, to) travel on `during`; at `to` the network in place at `from` comes
/// back. The network decides a message's fate when it is sent, so this holds back (a long
/// latency) or duplicates exactly the messages a script wants.
template <node::Protocol P>
void network_window(sim::Simulator<P>& sim, Time from, Time to, sim::NetworkConfig during) {
  auto saved = std::make_shared<sim::NetworkConfig>();
  sim.at(from, "network window", [saved, during](sim::Simulator<P>& s) {
    *saved = s.network();
    s.set_network(during);
  });
  sim.at(to, "network window ends", [saved](sim::Simulator<P>& s) { s.set_network(*saved); });
}

/// At time t, replaces whatever links are cut by exactly this partition (Simulator::partition
/// adds cuts to the ones in place; it does not heal the previous partition).
template <node::Protocol P>
void repartition_at(sim::Simulator<P>& sim, Time t, std::vector<std::set<NodeId>> groups) {
  sim.at(t, "repartition", [g = std::move(groups)](sim::Simulator<P>& s) {
    s.heal();
    s.partition(g);
  });
}

}  // namespace dslab::labkit
