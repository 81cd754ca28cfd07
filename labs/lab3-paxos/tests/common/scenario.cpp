// Lab 3 test scaffolding: checkers, configurations, client workload and liveness (see header).
#include "labs/lab3-paxos/tests/common/scenario.hpp"

#include <fmt/format.h>

#include <memory>

namespace lab3::checks {

Checkers::Checkers(Sim& sim, ObservedEngine& engine) : consensus(sim), rules(sim.size()) {
  rules.watch(sim, engine);
}

dslab::sim::OracleConfig oracle_config() {
  dslab::sim::OracleConfig c;
  c.stabilize_min = dslab::sec(1);
  c.stabilize_max = kFaultPhase;
  return c;
}

dslab::sim::SimConfig scripted_config(int n) {
  dslab::sim::SimConfig c;
  c.nodes = n;
  c.network = dslab::labkit::fixed_latency(dslab::msec(1));
  return c;
}

namespace {

// The retry loop of the clients after the fault phase: one action that reschedules itself.
void retry_clients(Sim& sim, ConsensusChecker& checker, std::vector<Value> values,
                   dslab::Duration retry) {
  auto& rng = sim.workload_rng();
  for (NodeId n : sim.live_nodes()) {
    if (checker.decided(n)) continue;
    sim.inject_at(sim.now(), n, ClientRequest{values[rng.below(values.size())]});
  }
  sim.at(sim.now() + retry, "clients", [&checker, values = std::move(values), retry](Sim& s) {
    retry_clients(s, checker, values, retry);
  });
}

}  // namespace

void schedule_clients(Sim& sim, ConsensusChecker& checker, dslab::Time until, int count,
                      dslab::Duration retry) {
  auto& rng = sim.workload_rng();
  std::vector<Value> values;
  for (int i = 1; i <= count; ++i) {
    Value v = fmt::format("v{}", i);
    checker.proposed(v);
    values.push_back(v);
    const auto to = static_cast<NodeId>(rng.between(1, sim.size()));
    sim.inject_at(until > 0 ? rng.between(0, until - 1) : 0, to, ClientRequest{v});
  }
  sim.at(until, "clients", [&checker, values = std::move(values), retry](Sim& s) {
    retry_clients(s, checker, values, retry);
  });
}

void propose(Sim& sim, ConsensusChecker& checker, dslab::Time at, NodeId node, const Value& value) {
  checker.proposed(value);
  sim.inject_at(at, node, Leader{node});
  sim.inject_at(at, node, ClientRequest{value});
}

bool all_decide_by(Sim& sim, const ConsensusChecker& checker, dslab::Time deadline,
                   const std::string& why) {
  const bool decided = dslab::labkit::eventually(
      sim, deadline, [&] { return checker.all_live_decided(); },
      fmt::format("every live node decides ({})", why),
      [&] { return "live nodes " + checker.undecided_live() + " had not decided"; });
  if (!decided) return false;
  sim.run_until(deadline);  // keep going: late messages must not break safety either
  return !sim.failed();
}

void faults_then_decide(Sim& sim, Checkers& checkers, dslab::sim::NemesisConfig nemesis,
                        int clients, const std::string& why) {
  dslab::sim::LeaderOracle<Protocol> oracle(sim, oracle_config(), leader_message);
  schedule_clients(sim, checkers.consensus, kFaultPhase, clients);
  nemesis.until = kFaultPhase;
  dslab::labkit::fault_phase(sim, nemesis);
  all_decide_by(sim, checkers.consensus, kFaultPhase + kLivenessBound, why);
}

}  // namespace lab3::checks
