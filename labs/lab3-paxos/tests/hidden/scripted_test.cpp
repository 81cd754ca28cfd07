// Lab 3 hidden tests, scripted runs (fixed 1 ms latency): duplicated messages are not votes (one
// acceptor's Promise or Accepted delivered twice where it would complete a false quorum, while
// another value is chosen), and a proposer adopts the value of the highest accepted round.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/tests/common/scenario.hpp"

namespace lab3::checks {
namespace {

using dslab::msec;
using dslab::sec;
using dslab::usec;
using dslab::labkit::always_duplicate;
using dslab::labkit::network_window;
using dslab::labkit::repartition_at;

// n1 alone accepts (1, "x") (the partition at 2.5 ms drops its Accept to n2 and n3). n2 then gets
// "y" chosen by {n2, n3} in round 2 while n1 is cut off. From 20 ms n2 is cut off instead; n1's
// progress timeout starts round 4 with {n1, n3}: its own promise reports (1, "x") and arrives
// first, n3's reports (2, "y"). Only "y", of the highest round, may be proposed.
TEST(Safety, ProposerAdoptsValueOfHighestAcceptedRound) {
  Runner runner;
  runner.scripted(scripted_config(3), [](Sim& sim, Checkers& checkers) {
    propose(sim, checkers.consensus, 0, 1, "x");
    sim.partition_at(usec(2500), {{1}, {2, 3}});
    propose(sim, checkers.consensus, msec(10), 2, "y");
    repartition_at(sim, msec(20), {{1, 3}, {2}});
    sim.heal_at(sec(1));
    all_decide_by(sim, checkers.consensus, sec(3), "healed at t=1s, no more faults");
  });
}

// n3 gets promises for round 3 from everyone, but its Accept(3, "a") reaches only {n3, n4, n5}
// (partition at 1.5 ms): "a" is chosen. n1, which promised 3, then runs round 6 cut off with n2;
// n2's Promise(6) is duplicated. Two distinct acceptors are not a quorum of 5: a correct n1
// waits. An n1 that counts the copy proposes its own "b" just as the partition heals, and
// {n3, n4, n5} accept it: "b" is chosen too.
TEST(Duplicates, DuplicatedPromisesAreNotAQuorum) {
  Runner runner;
  runner.scripted(scripted_config(5), [](Sim& sim, Checkers& checkers) {
    propose(sim, checkers.consensus, 0, 3, "a");
    sim.partition_at(usec(1500), {{1, 2}, {3, 4, 5}});
    propose(sim, checkers.consensus, msec(10), 1, "b");
    network_window(sim, usec(10500), usec(11500), always_duplicate(msec(1)));  // n2's Promise(6)
    sim.heal_at(usec(11800));
    all_decide_by(sim, checkers.consensus, sec(2), "healed at t=11.8ms, no more faults");
  });
}

// n1 gets promises for round 1 from everyone, but its Accept(1, "b") reaches only {n1, n2}
// (partition at 2.5 ms), and n2's Accepted(1, "b") is duplicated. "b" is not chosen: n3 then
// gets "a" chosen by {n3, n4, n5} in round 3. A learner that counts n2's copy decides "b".
TEST(Duplicates, DuplicatedAcceptedAreNotAQuorum) {
  Runner runner;
  runner.scripted(scripted_config(5), [](Sim& sim, Checkers& checkers) {
    propose(sim, checkers.consensus, 0, 1, "b");
    sim.partition_at(usec(2500), {{1, 2}, {3, 4, 5}});
    network_window(sim, usec(2500), usec(3500), always_duplicate(msec(1)));  // Accepted(1, "b")
    propose(sim, checkers.consensus, msec(10), 3, "a");
    sim.heal_at(msec(30));
    all_decide_by(sim, checkers.consensus, sec(2), "healed at t=30ms, no more faults");
  });
}

}  // namespace
}  // namespace lab3::checks
