// Lab 2 public randomized test: the same machinery as the hidden tests on fewer seeds and milder
// faults (message loss, duplication and delay during the first second; no partitions), then one
// node crashes for good. A failing seed shows its trace and the replay command on your own
// machine. The hidden tests are the stronger set: passing this one is a start, not a grade.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "labs/lab2-detector/tests/common/scenario.hpp"

namespace lab2::checks {
namespace {

using dslab::format_time;

TEST(Randomized, CrashedNodeIsSuspectedAndTheHighestCorrectIdTrusted) {
  Runner runner;
  const dslab::labkit::Randomized test{
      .seeds = 20,
      .property = "a crashed node is suspected by all; all trust the highest correct id"};
  runner.randomized(
      test, [](std::uint64_t seed) { return faulty_config(seed); },
      [](Sim& sim, Checkers& checkers) {
    const Checker& checker = checkers.detector;
    const Time calm = sec(1);
    sim.at(calm, "network calms",
           [](Sim& s) { s.set_network(dslab::sim::NetworkConfig::reliable()); });
    const NodeId victim = pick_minority(sim, false).front();
    const Time crash_at = calm + msec(300);
    sim.crash_at(crash_at, victim);
    if (!sim.run_until(crash_at)) return;
    const auto correct = checker.live();
    const Time settled = in_flight_horizon(sim, crash_at);
    const auto gaps = [&] {
      std::string out = suspicion_gaps(checker, correct, {victim}, true);
      for (NodeId p : correct) {
        if (checker.node(p).leader == correct.back()) continue;
        out += fmt::format("{}n{} does not trust n{}", out.empty() ? "" : "; ", p, correct.back());
      }
      return out;
    };
    dslab::labkit::eventually(
        sim, crash_at + kCompletenessBound,
        [&] { return checker.two_timeouts_after(settled) && gaps().empty(); },
        fmt::format("n{} crashed at t={}; every correct node must suspect it and trust n{}", victim,
                    format_time(crash_at), correct.back()),
        [&] { return with_timeout_gaps(checker, settled, gaps()); });
  }, Rules{.notifications = true, .leader = true, .delay = true});
}

}  // namespace
}  // namespace lab2::checks
