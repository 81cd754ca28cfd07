// Lab 3 test scaffolding: client workload and liveness check (see the header).
#include "labs/lab3-paxos/tests/common/scenario.hpp"

#include <fmt/format.h>

#include <memory>

namespace lab3::checks {

int cluster_size(std::uint64_t seed) {
  return dslab::random::Rng(seed).derive("cluster size").below(2) == 0 ? 3 : 5;
}

namespace {

// The retry loop of the clients after the fault phase: one action that reschedules itself.
void retry_clients(Sim& sim, ConsensusChecker& checker, std::vector<Value> values) {
  auto& rng = sim.workload_rng();
  for (NodeId n : sim.live_nodes()) {
    if (checker.decided(n)) continue;
    sim.inject_at(sim.now(), n, ClientRequest{values[rng.below(values.size())]});
  }
  sim.at(sim.now() + kClientRetry, "clients",
         [&checker, values = std::move(values)](Sim& s) { retry_clients(s, checker, values); });
}

}  // namespace

void schedule_clients(Sim& sim, ConsensusChecker& checker, dslab::Time until, int count) {
  auto& rng = sim.workload_rng();
  std::vector<Value> values;
  for (int i = 1; i <= count; ++i) {
    Value v = fmt::format("v{}", i);
    checker.proposed(v);
    values.push_back(v);
    const auto to = static_cast<NodeId>(rng.between(1, sim.size()));
    sim.inject_at(until > 0 ? rng.between(0, until - 1) : 0, to, ClientRequest{v});
  }
  sim.at(until, "clients",
         [&checker, values = std::move(values)](Sim& s) { retry_clients(s, checker, values); });
}

bool all_decide_by(Sim& sim, const ConsensusChecker& checker, dslab::Time deadline,
                   const std::string& why) {
  if (sim.run_until(deadline, [&] { return checker.all_live_decided(); })) {
    sim.run_until(deadline);  // keep going: late messages must not break safety either
    return !sim.failed();
  }
  if (!sim.failed()) {
    sim.fail("liveness", fmt::format("by t={} live nodes {} had not decided ({})",
                                     dslab::format_time(deadline), checker.undecided_live(), why));
  }
  return false;
}

}  // namespace lab3::checks
