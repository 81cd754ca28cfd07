// Building blocks of scenarios: the VOPR fault phase drawn from the seed, and the scripted
// moves of one-seed stories (a network window that holds back or duplicates exactly the
// messages sent in it, a partition that replaces the previous one).
#pragma once

#include <memory>
#include <set>
#include <vector>

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
