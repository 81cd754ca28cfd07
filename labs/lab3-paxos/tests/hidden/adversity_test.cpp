// Lab 3 hidden tests: the adversity real mistakes need. Crashes exactly at phase boundaries
// (right after a node sent a Prepare, a Promise, an Accept or an Accepted), clients that retry
// faster than a round trip, and (scripted) minority acceptances of two values in two rounds.
#include <gtest/gtest.h>

#include <memory>

#include "labs/lab3-paxos/tests/common/scenario.hpp"

namespace lab3::checks {
namespace {

using dslab::msec;
using dslab::sec;
using dslab::usec;

/// Until `until`, crashes a node right after a handler in which it sent a message of one of the
/// seed-drawn phase kinds (1 time in 3; a minority down at most), and restarts it 1-40 ms later:
/// before any of those messages can arrive anywhere, so what it did not persist is lost.
void crash_at_phase_boundaries(Sim& sim, dslab::Time until) {
  struct State {
    dslab::random::Rng rng;
    std::vector<bool> kinds;  // per Message variant index: crash after sending this kind
    dslab::Time last = -1;
    NodeId last_node = 0;
  };
  auto state = std::make_shared<State>();
  state->rng = sim.workload_rng().derive("phase boundaries");
  state->kinds.assign(std::variant_size_v<Message>, false);
  for (std::size_t kind : {Message(Prepare{}).index(), Message(Promise{}).index(),
                           Message(Accept{}).index(), Message(Accepted{}).index()}) {
    state->kinds[kind] = state->rng.below(4) != 0;  // each boundary on in 3 seeds of 4
  }
  sim.run_events().on_send([&sim, state, until](const dslab::sim::SendEvent<Protocol>& e) {
    if (e.time >= until || !state->kinds[e.msg.index()]) return;
    if (e.time == state->last && e.from == state->last_node) return;  // one draw per handler
    state->last = e.time;
    state->last_node = e.from;
    if (!state->rng.chance({1, 3})) return;
    const NodeId n = e.from;
    sim.at(e.time, "crash at a phase boundary", [n](Sim& s) {
      const auto down = static_cast<int>(s.size() - s.live_nodes().size());
      if (down < (s.size() - 1) / 2) s.crash(n);
    });
    sim.restart_at(e.time + state->rng.between(msec(1), msec(40)), n);
  });
}

TEST(CrashRecovery, RestartsAtEveryPhaseBoundaryKeepAgreement) {
  Runner runner;
  runner.randomized(
      {.seeds = 2000, .property = "agreement with crashes right after Prepare/Promise/Accept/Accepted"},
      faulty_config, [](Sim& sim, Checkers& checkers) {
        crash_at_phase_boundaries(sim, kFaultPhase);
        dslab::sim::NemesisConfig nemesis;
        nemesis.crashes = false;  // the crashes are the phase-boundary ones
        nemesis.one_way = false;
        faults_then_decide(sim, checkers, nemesis, 3,
                           "all nodes restarted and oracle stable since t=3s");
      });
}

// Clients resend every millisecond, faster than a round trip: a node that starts a new round on
// every request while one is running never completes one. The network delays, duplicates and
// reorders but loses nothing (so a correct cluster decides fast and the clients stop soon).
TEST(Liveness, DecidesWhileClientsRetryFasterThanARoundTrip) {
  Runner runner;
  auto config = [](std::uint64_t seed) {
    dslab::sim::SimConfig c = faulty_config(seed);
    c.network.drop = {0, 1};
    c.start_spread = 0;  // every node hears the stable leader at t=0
    return c;
  };
  runner.randomized(
      {.seeds = 2000, .property = "every node decides within 2 s while clients retry every 1 ms"},
      config, [](Sim& sim, Checkers& checkers) {
        dslab::sim::OracleConfig stable;
        stable.stabilize_min = stable.stabilize_max = 0;
        dslab::sim::LeaderOracle<Protocol> oracle(sim, stable, leader_message);
        schedule_clients(sim, checkers.consensus, 0, 3, msec(1));
        all_decide_by(sim, checkers.consensus, kLivenessBound,
                      "stable leader from t=0, clients retrying every 1 ms");
      });
}

// Five nodes. n1's Accept(1, "a") reaches only {n1, n2}; n3's Accept(3, "b") reaches only n3
// (one-way cuts at the right microsecond). n5 hears Accepted(1, "a") from n1 and n2 and
// Accepted(3, "b") from n3: three acceptors, but of two rounds with two values, so nothing is
// decided. A learner that counts votes across rounds decides here; then the nodes retry and one
// of "a", "b" is chosen for real.
TEST(Safety, MinorityAcceptancesOfTwoRoundsAreNoDecision) {
  Runner runner;
  runner.scripted(scripted_config(5), [](Sim& sim, Checkers& checkers) {
    auto block = [&sim](dslab::Time t, NodeId from, std::vector<NodeId> to) {
      sim.at(t, "cut", [from, to](Sim& s) {
        for (NodeId n : to) s.block(from, n);
      });
    };
    propose(sim, checkers.consensus, 0, 1, "a");  // Prepare(1) at 0, Accept(1, "a") at 2 ms
    block(usec(1500), 1, {3, 4, 5});
    sim.at(usec(2500), "uncut n1->n5", [](Sim& s) {  // n1's Accepted (3 ms) reaches n5
      s.heal();
      s.block(1, 3);
      s.block(1, 4);
    });
    block(msec(5), 3, {1, 2});
    propose(sim, checkers.consensus, msec(10), 3, "b");  // Accept(3, "b") at 12 ms
    block(usec(11500), 3, {4, 5});
    sim.at(usec(12500), "uncut n3->n5", [](Sim& s) {  // n3's Accepted (13 ms) reaches n5
      s.heal();
      s.block(1, 3);
      s.block(1, 4);
      s.block(3, 1);
      s.block(3, 2);
      s.block(3, 4);
    });
    sim.heal_at(msec(30));
    all_decide_by(sim, checkers.consensus, sec(3), "healed at t=30ms, no more faults");
  });
}

}  // namespace
}  // namespace lab3::checks
