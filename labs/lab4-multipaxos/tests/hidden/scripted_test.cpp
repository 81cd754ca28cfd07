// Lab 4 hidden tests, scripted runs on a 3-replica cluster with a fixed 1 ms latency and an
// oracle correct from t=0 (it names n3, then n2 once n3 crashes): the interleavings random runs
// rarely hit. In each, the leader n3 starts slots whose Accepts or Learns the script cuts, then
// crashes; n2 must take over correctly.
#include <gtest/gtest.h>

#include "labs/lab4-multipaxos/tests/common/scenario.hpp"

namespace lab4::checks {
namespace {

using dslab::msec;
using dslab::sec;
using dslab::usec;

/// Cuts the links from -> each of `to` during [from_t, to_t) (heals everything at to_t).
void cut(Sim& sim, dslab::Time from_t, dslab::Time to_t, NodeId from, std::vector<NodeId> to) {
  sim.at(from_t, "cut", [from, to](Sim& s) {
    for (NodeId t : to) s.block(from, t);
  });
  sim.heal_at(to_t);
}

// n3 leads (phase 1 done by 2 ms). Its Accept(slot 1, c1) at 10 ms reaches n2 and itself, not
// n1; both Learns to n1 and n3's Learn to n2 are cut, so only n3 learns: it delivers c1 in slot
// 1 at 12 ms and crashes at 12.5 ms. The oracle names n2 at 250 ms; its phase 1 with n1 reports
// slot 1 only through n2's own promise. n2 must re-propose c1 there (n3 delivered it).
TEST(Scripted, NewLeaderReProposesAValueOnlyItsOwnPromiseReports) {
  Runner runner;
  runner.scripted(steady_config(3), [](Sim& sim, Checkers& checkers) {
    dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
    submit(sim, checkers, msec(10), 3, 1, 1);
    cut(sim, usec(9500), usec(10400), 3, {1});
    // The Learns sent at 11 ms arrive at 12 ms (a cut link drops a message on arrival too).
    sim.at(usec(11500), "cut learns", [](Sim& s) {
      s.block(3, 1);
      s.block(3, 2);
      s.block(2, 1);
    });
    sim.heal_at(usec(12600));
    sim.crash_at(usec(12500), 3);
    submit(sim, checkers, msec(300), 2, 1, 2);
    sim.restart_at(sec(1), 3);
    all_delivered_by(sim, checkers, sec(3), [&] { return checkers.log.delivered_command(1, 2); },
                     "n3 crashed at 12.5 ms and restarted at 1 s, no other faults");
  });
}

// n3 proposes c1, c2, c3 in slots 1-3 (10, 20, 30 ms); its Accept of slot 2 reaches only
// itself. Slots 1 and 3 are decided, slot 2 is not, and n3 crashes at 35 ms. n2, leader from
// 250 ms, hears of slots 1 and 3 in phase 1: it must fill slot 2 with a no-op so that slot 3
// (and the client's retry of c3 at 400 ms, in slot 4) can be delivered anywhere. (A leader with
// a window of 1 never leaves this gap: it puts the retried c3 in slot 2.)
TEST(Scripted, NewLeaderFillsAGapWithANoop) {
  Runner runner;
  runner.scripted(steady_config(3), [](Sim& sim, Checkers& checkers) {
    dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
    for (std::uint64_t i = 1; i <= 3; ++i) {
      submit(sim, checkers, msec(10) * static_cast<dslab::Time>(i), 3, 1, i);
    }
    cut(sim, usec(19500), usec(20500), 3, {1, 2});
    sim.crash_at(msec(35), 3);
    submit(sim, checkers, msec(400), 2, 1, 3);  // the client retries c3 at the new leader
    all_delivered_by(
        sim, checkers, sec(2), [&] { return checkers.log.delivered_command(1, 3); },
        "n3 crashed at 35 ms with slot 2 accepted by itself only; n2 leads from 250 ms");
  });
}

// Two leaders interleave phase 2 on slot 1: n3 (round 3) sends Accept(1, c1) that only it
// takes; before it reaches the others, n1 is told it leads, runs phase 1 in round 4 and
// proposes c2 in slot 1. n3's late Accept of round 3 must be refused by acceptors promised 4,
// and n3 must stop leading on the Reject; exactly one command ends up in slot 1 everywhere.
TEST(Scripted, TwoLeadersInterleavedOnOneSlot) {
  Runner runner;
  runner.scripted(steady_config(3), [](Sim& sim, Checkers& checkers) {
    dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
    // n3's Accept(1, c1), sent at 10 ms, arrives at n1 and n2 only at 14 ms.
    dslab::labkit::network_window(sim, usec(9900), usec(10100),
                                  dslab::labkit::fixed_latency(msec(4)));
    submit(sim, checkers, msec(10), 3, 1, 1);
    sim.inject_at(usec(10200), 1, Leader{1});  // a wrong notification: n1 believes it leads
    submit(sim, checkers, usec(10300), 1, 2, 1);
    all_delivered_by(
        sim, checkers, sec(2),
        [&] { return checkers.log.delivered_command(1, 1) || checkers.log.delivered_command(2, 1); },
        "two leaders until the oracle's refresh at 250 ms, no faults");
  });
}

// n3 leads in round 3; its Accept(1, c1) of 10 ms is held until 70 ms. n1, told at 12 ms that it
// leads and cut off from n3, runs round 4 with n2 (both promise 4) and proposes c2; that Accept
// is held until 75 ms. n2 crashes and restarts at 20/30 ms. A correct n2 still refuses round 3
// at 70 ms, and c2 is chosen at 75 ms. An n2 that forgot its promise accepts (1, c1) with n3
// (c1 chosen, delivered by n3), then (1, c2) with n1 (n1 delivers c2 in the same slot).
TEST(Scripted, RestartedAcceptorKeepsItsPromise) {
  Runner runner;
  runner.scripted(steady_config(3), [](Sim& sim, Checkers& checkers) {
    dslab::sim::LeaderOracle<Protocol> oracle(sim, stable_oracle(), leader_message);
    dslab::labkit::network_window(sim, usec(9900), usec(10100),
                                  dslab::labkit::fixed_latency(msec(60)));
    submit(sim, checkers, msec(10), 3, 1, 1);
    sim.at(msec(11), "cut n1<->n3", [](Sim& s) {
      s.block(1, 3);
      s.block(3, 1);
    });
    sim.inject_at(msec(12), 1, Leader{1});
    submit(sim, checkers, usec(12500), 1, 2, 1);
    dslab::labkit::network_window(sim, usec(13900), usec(14100),
                                  dslab::labkit::fixed_latency(msec(61)));
    sim.crash_at(msec(20), 2);
    sim.restart_at(msec(30), 2);
    sim.heal_at(msec(300));
    all_delivered_by(sim, checkers, sec(2), [&] { return checkers.log.delivered(1) >= 1; },
                     "n2 crashed at 20 ms and restarted at 30 ms; healed at 300 ms");
  });
}

}  // namespace
}  // namespace lab4::checks
