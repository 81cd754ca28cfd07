// Running simulated scenarios over many seeds inside GoogleTest: the first failing seed is
// reported with its trace and replay command; determinism checks name the first divergence.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "runtime/sim/simulator.hpp"
#include "runtime/testing/report.hpp"
#include "runtime/testing/seeds.hpp"

namespace dslab::labkit {

/// Liveness helper: runs until `done` holds or `deadline`; if it never holds, fails the run with
/// kind "liveness" and `what` as the message. Returns whether it held.
template <class P>
bool eventually(sim::Simulator<P>& sim, Time deadline, const std::function<bool()>& done,
                const std::string& what) {
  if (sim.run_until(deadline, done)) return true;
  if (!sim.failed()) sim.fail("liveness", what + " (by t=" + format_time(deadline) + ")");
  return false;
}

/// Writes the trace as JSON lines to $DSLAB_TRACE_OUT when set (the grader collects it).
void export_trace(const trace::Recorder& trace);

/// Runs `scenario` on a fresh simulator for every seed, each built from `config(seed)` on
/// `engine`. Stops at the first failing seed and returns a failure carrying the report.
/// `scenario(sim)` schedules faults, runs, and fails the run (sim.fail / labkit::eventually)
/// when a property does not hold.
template <class P, class ConfigFn, class ScenarioFn>
::testing::AssertionResult for_each_seed(engine::Engine<P>& engine,
                                         const std::vector<std::uint64_t>& seeds,
                                         ConfigFn&& config, ScenarioFn&& scenario) {
  for (const std::uint64_t seed : seeds) {
    sim::SimConfig c = config(seed);
    c.seed = seed;
    sim::Simulator<P> sim(c, engine);
    scenario(sim);
    if (sim.failed() || replaying()) export_trace(sim.trace());
    if (sim.failed()) return ::testing::AssertionFailure() << "\n" << failure_report(seed, sim);
    if (replaying()) {
      std::cout << "seed " << seed << " passed; trace:\n"
                << trace::render_text(sim.trace().events(), {c.nodes, 0, 10, true});
    }
  }
  return ::testing::AssertionSuccess();
}

/// Runs the scenario twice with the same seed and requires identical traces. On a mismatch the
/// failure names the first diverging event (the node's code depends on something outside the
/// node contract: a global, the clock, an address, unordered iteration...).
template <class P, class ConfigFn, class ScenarioFn>
::testing::AssertionResult deterministic(engine::Engine<P>& engine, std::uint64_t seed,
                                         ConfigFn&& config, ScenarioFn&& scenario) {
  auto run = [&] {
    sim::SimConfig c = config(seed);
    c.seed = seed;
    c.trace = trace::Level::kFull;
    auto sim = std::make_unique<sim::Simulator<P>>(c, engine);
    scenario(*sim);
    return sim;
  };
  const auto first = run();
  if (first->failed()) {  // a failing run is a failure of its own, not nondeterminism
    return ::testing::AssertionFailure() << "\n" << failure_report(seed, *first);
  }
  const auto second = run();
  if (second->failed() && first->trace().hash() != second->trace().hash()) {
    return ::testing::AssertionFailure()
           << "\n" << failure_report(seed, *second)
           << "  (the first run of this seed passed: the node is also nondeterministic)\n";
  }
  if (first->trace().hash() == second->trace().hash()) return ::testing::AssertionSuccess();
  const auto d = trace::first_divergence(first->trace().events(), second->trace().events());
  return ::testing::AssertionFailure()
         << "\nNONDETERMINISTIC " << current_lab() << "  " << current_test() << "  seed=" << seed
         << "\n  the same seed gave two different runs; "
         << (d ? d->describe() : std::string("hashes differ"))
         << "\n  a node must depend only on its messages, timers, ctx.random() and ctx.now()"
         << "\n  replay: " << replay_command(seed) << "\n";
}

}  // namespace dslab::labkit
