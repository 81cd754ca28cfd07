// The eventual-leader oracle: a stand-in leader detector the simulator drives, so labs 3 and 4
// are graded on their own concepts. Until a stabilisation time drawn from the seed it is
// adversarial (tells nodes different, changing, possibly crashed leaders; several nodes may
// believe they lead); from then on it tells every live node the same live leader.
#pragma once

#include <functional>
#include <memory>

#include "runtime/sim/simulator.hpp"

namespace dslab::sim {

/// When and how the oracle misbehaves.
struct OracleConfig {
  Time stabilize_min = sec(1);   ///< stabilisation time drawn from [min, max]
  Time stabilize_max = sec(3);
  Duration flap_min = msec(10);  ///< gap between adversarial announcements before stabilisation
  Duration flap_max = msec(200);
  Duration refresh = msec(250);  ///< after stabilisation, re-announce to every live node this often
};

/// Announces leaders by injecting make(leader) into nodes (sender kEnvironment). Create it after
/// the simulator and keep it alive while the simulator runs (its scheduled actions refer to it).
/// Not thread-safe.
template <node::Protocol P>
class LeaderOracle {
 public:
  using MakeMessage = std::function<typename P::Message(NodeId leader)>;

  LeaderOracle(Simulator<P>& sim, OracleConfig config, MakeMessage make)
      : sim_(sim), config_(config), make_(std::move(make)),
        rng_(random::Rng(sim.config().seed).derive("oracle")) {
    stable_at_ = rng_.between(config_.stabilize_min, config_.stabilize_max);
    schedule(sim_.now());
  }

  /// When the oracle becomes (and stays) correct.
  Time stabilization_time() const { return stable_at_; }
  /// The leader it announces once stable (0 before stabilisation).
  NodeId leader() const { return leader_; }

 private:
  void schedule(Time t) {
    sim_.at(t, "oracle", [this](Simulator<P>&) { tick(); });
  }

  void tick() {
    const Time now = sim_.now();
    if (now < stable_at_) {
      announce_adversarially();
      const Time next = now + rng_.between(config_.flap_min, config_.flap_max);
      schedule(std::min(next, stable_at_));
      return;
    }
    const auto live = sim_.live_nodes();
    if (!live.empty() && (leader_ == 0 || !sim_.is_up(leader_))) leader_ = live.back();
    for (NodeId n : live) sim_.inject_at(now, n, make_(leader_));
    schedule(now + config_.refresh);
  }

  // One or a few nodes hear a random leader: possibly a crashed node, possibly themselves,
  // and different nodes hear different leaders (competing proposers).
  void announce_adversarially() {
    const auto live = sim_.live_nodes();
    if (live.empty()) return;
    const auto count = static_cast<int>(rng_.between(1, static_cast<std::int64_t>(live.size())));
    for (int i = 0; i < count; ++i) {
      const NodeId target = live[rng_.below(live.size())];
      const auto leader = static_cast<NodeId>(rng_.between(1, sim_.size()));
      sim_.inject_at(sim_.now(), target, make_(leader));
    }
  }

  Simulator<P>& sim_;
  OracleConfig config_;
  MakeMessage make_;
  random::Rng rng_;
  Time stable_at_ = 0;
  NodeId leader_ = 0;
};

}  // namespace dslab::sim
