// The nemesis: a random fault schedule drawn from the seed (crashes, restarts, partitions,
// one-way link cuts, heals) during a fault phase, then everything healed for the liveness phase.
#pragma once

#include <memory>
#include <optional>

#include "runtime/sim/simulator.hpp"

namespace dslab::sim {

/// What the nemesis may do, and when it stops.
struct NemesisConfig {
  Time start = 0;                     ///< first fault no earlier than this
  Time until = sec(5);                ///< at this time everything heals (liveness phase begins)
  Duration min_gap = msec(50);        ///< gap between faults, drawn from [min_gap, max_gap]
  Duration max_gap = msec(500);
  bool crashes = true;
  bool restarts = true;               ///< crashed nodes may come back during the fault phase
  bool partitions = true;
  bool one_way = true;                ///< asymmetric link cuts
  int max_down = -1;                  ///< at most this many down at once; -1: a minority
  bool restart_all_at_end = true;     ///< at `until`, every crashed node restarts
  NetworkConfig after = NetworkConfig::reliable();  ///< the network of the liveness phase
};

/// Schedules the nemesis on `sim`, drawing every choice from `rng` (pass a stream derived from
/// the seed, e.g. sim.workload_rng().derive("nemesis")).
template <node::Protocol P>
void schedule_nemesis(Simulator<P>& sim, const NemesisConfig& config, random::Rng rng) {
  struct State {
    NemesisConfig config;
    random::Rng rng;
  };
  auto state = std::make_shared<State>(State{config, rng});
  const int max_down = config.max_down >= 0 ? config.max_down : (sim.size() - 1) / 2;
  auto step = std::make_shared<std::function<void(Simulator<P>&)>>();
  *step = [state, max_down, weak = std::weak_ptr(step)](Simulator<P>& s) {
    auto& r = state->rng;
    const auto& c = state->config;
    const auto live = s.live_nodes();
    std::vector<NodeId> down;
    for (NodeId n : s.nodes()) {
      if (!s.is_up(n)) down.push_back(n);
    }
    switch (r.below(5)) {
      case 0:
        if (c.crashes && static_cast<int>(down.size()) < max_down && !live.empty()) {
          s.crash(live[r.below(live.size())]);
        }
        break;
      case 1:
        if (c.restarts && !down.empty()) s.restart(down[r.below(down.size())]);
        break;
      case 2:
        if (c.partitions) {
          std::vector<NodeId> all = s.nodes();
          r.shuffle(all);
          const auto cut = 1 + r.below(all.size() - 1 > 0 ? all.size() - 1 : 1);
          std::set<NodeId> a(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(cut));
          std::set<NodeId> b(all.begin() + static_cast<std::ptrdiff_t>(cut), all.end());
          s.partition({a, b});
        }
        break;
      case 3:
        if (c.one_way && s.size() > 1) {
          const auto from = static_cast<NodeId>(r.between(1, s.size()));
          auto to = static_cast<NodeId>(r.between(1, s.size() - 1));
          if (to >= from) ++to;
          s.block(from, to);
        }
        break;
      default:
        s.heal();
        break;
    }
    const Time next = s.now() + r.between(c.min_gap, c.max_gap);
    if (next < c.until) {
      if (auto self = weak.lock()) s.at(next, "nemesis", *self);
    }
  };
  const Time first = config.start + state->rng.between(config.min_gap, config.max_gap);
  if (first < config.until) {
    sim.at(first, "nemesis", [step](Simulator<P>& s) { (*step)(s); });
  }
  sim.at(config.until, "stabilize", [config, step](Simulator<P>& s) {
    s.heal();
    s.set_network(config.after);
    if (config.restart_all_at_end) {
      for (NodeId n : s.nodes()) s.restart(n);
    }
  });
}

}  // namespace dslab::sim
