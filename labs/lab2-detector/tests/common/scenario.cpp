// Lab 2 tests: checkers and scenario pieces (see scenario.hpp).
#include "labs/lab2-detector/tests/common/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lab2::checks {

Checkers::Checkers(Sim& sim, ObservedEngine& engine, const Rules& rules)
    : detector(engine, sim.size(), rules), justified(engine, sim.size()) {
  detector.install(sim);
  justified.install(sim);
}

dslab::sim::SimConfig faulty_config(std::uint64_t seed, bool spikes) {
  dslab::random::Rng rng = dslab::random::Rng(seed).derive("lab2/cluster");
  dslab::sim::SimConfig c;
  c.nodes = static_cast<int>(rng.between(3, 5));
  c.network = dslab::sim::NetworkConfig::swarm(rng);
  if (spikes && c.network.spike.num == 0) {
    c.network.spike = {static_cast<std::uint32_t>(rng.between(5, 20)), 100};
    c.network.spike_max = msec(rng.between(150, 500));
  }
  c.timer_jitter = rng.between(0, kMaxJitter);
  c.start_spread = msec(rng.between(0, 50));
  // Half the runs lose and delay self-addressed messages too: a node can then miss its own
  // reply and suspect itself (the handout allows it), and with the others "no leader".
  c.network.faulty_self = rng.chance({1, 2});
  return c;
}

void schedule_faults(Sim& sim, Time until, const dslab::sim::NetworkConfig& after) {
  dslab::sim::NemesisConfig n;
  n.until = until;
  n.after = after;
  dslab::labkit::fault_phase(sim, n);
}

std::vector<NodeId> pick_minority(Sim& sim, bool allow_empty) {
  dslab::random::Rng rng = sim.workload_rng().derive("victims");
  std::vector<NodeId> all = sim.nodes();
  rng.shuffle(all);
  const auto most = static_cast<std::int64_t>((all.size() - 1) / 2);
  const auto count = static_cast<std::size_t>(rng.between(allow_empty ? 0 : 1, most));
  std::vector<NodeId> out(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count));
  std::sort(out.begin(), out.end());
  return out;
}

std::string suspicion_gaps(const Checker& checker, const std::vector<NodeId>& observers,
                           const std::vector<NodeId>& targets, bool want) {
  std::string out;
  for (NodeId p : observers) {
    for (NodeId q : targets) {
      if (checker.suspects(p, q) == want) continue;
      if (!out.empty()) out += "; ";
      out += fmt::format("n{} {} n{}", p, want ? "does not suspect" : "still suspects", q);
    }
  }
  return out;
}

std::string with_timeout_gaps(const Checker& checker, Time t, std::string detail) {
  for (NodeId n : checker.live()) {
    const NodeView& v = checker.node(n);
    if (v.previous_timeout > t) continue;
    const int after = v.last_timeout > t ? 1 : 0;
    if (!detail.empty()) detail += "; ";
    detail += fmt::format("n{} ran {} timeout{} after t={} (two needed)", n, after,
                          after == 1 ? "" : "s", dslab::format_time(t));
  }
  return detail;
}

Time in_flight_horizon(const Sim& sim, Time t) {
  const auto& n = sim.config().network;
  return t + n.max_latency + (n.spike.num > 0 ? n.spike_max : 0);
}

Duration max_delay(const Checker& checker) {
  Duration d = kInitialDelay;
  for (NodeId n : checker.live()) d = std::max(d, checker.node(n).delay);
  return d;
}

}  // namespace lab2::checks
