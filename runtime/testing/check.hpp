// Running simulated scenarios over seeds inside GoogleTest: liveness bounds, the plain seed loop
// and the nondeterminism check. Every failure goes through report_failure (report.hpp). Lab
// tests use the scenario runner (runner.hpp), which builds on these.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/sim/simulator.hpp"
#include "runtime/testing/report.hpp"
#include "runtime/testing/seeds.hpp"

namespace dslab::labkit {

/// Liveness bound: runs until `done` holds or `deadline`; if it never holds, fails the run with
/// kind "liveness": "`what` (by t=...)", followed by ": `missing()`" when `missing` is given
/// (what is still lacking, e.g. "n2 has not decided"). Returns whether it held.
template <class P>
bool eventually(sim::Simulator<P>& sim, Time deadline, const std::function<bool()>& done,
                const std::string& what, const std::function<std::string()>& missing = {}) {
  if (sim.run_until(deadline, done)) return true;
  if (!sim.failed()) {
    std::string message = what + " (by t=" + format_time(deadline) + ")";
    if (missing) message += ": " + missing();
    sim.fail("liveness", std::move(message));
  }
  return false;
}

/// Writes the trace as JSON lines to $DSLAB_TRACE_OUT when set (the grader collects it).
void export_trace(const trace::Recorder& trace);

/// Writes the HTML picture of a passing replayed run to $DSLAB_HTML_OUT when set (a failing
/// run's picture is written by report_failure).
void export_picture(std::uint64_t seed, const trace::Recorder& trace, int nodes);

/// Prints a passing replayed run's whole trace (DSLAB_SEED set).
void print_replayed(std::uint64_t seed, const trace::Recorder& trace, int nodes);

/// Runs `scenario` on a fresh simulator for every seed, each built from `config(seed)` on
/// `engine`, with the trace level `config` chose. Stops at the first failing seed and returns a
/// failure carrying the report. `scenario(sim)` schedules faults, runs, and fails the run
/// (sim.fail / labkit::eventually) when a property does not hold.
template <class P, class ConfigFn, class ScenarioFn>
::testing::AssertionResult for_each_seed(engine::Engine<P>& engine,
                                         const std::vector<std::uint64_t>& seeds,
                                         ConfigFn&& config, ScenarioFn&& scenario) {
  for (const std::uint64_t seed : seeds) {
    sim::SimConfig c = config(seed);
    c.seed = seed;
    c.trace_states = c.trace == trace::Level::kFull && pictures_wanted();
    sim::Simulator<P> sim(c, engine);
    scenario(sim);
    if (sim.failed() || replaying()) export_trace(sim.trace());
    if (sim.failed()) return report_failure(failed_run(seed, sim));
    if (replaying()) {
      export_picture(seed, sim.trace(), c.nodes);
      print_replayed(seed, sim.trace(), c.nodes);
    }
  }
  return ::testing::AssertionSuccess();
}

/// The report of two runs of one seed whose traces differ: names the first diverging event.
/// `kind` is "nondeterministic" (the same engine twice) or "isolation" (one process per node).
::testing::AssertionResult report_divergence(std::uint64_t seed, const std::string& kind,
                                             const trace::Recorder& first,
                                             const trace::Recorder& second, int nodes);

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
    c.trace_states = pictures_wanted();
    auto sim = std::make_unique<sim::Simulator<P>>(c, engine);
    scenario(*sim);
    return sim;
  };
  const auto first = run();
  if (first->failed()) {  // a failing run is a failure of its own, not nondeterminism
    return report_failure(failed_run(seed, *first));
  }
  const auto second = run();
  if (second->failed() && first->trace().hash() != second->trace().hash()) {
    FailedRun failed = failed_run(seed, *second);
    failed.message += " (the first run of this seed passed: the node is also nondeterministic)";
    return report_failure(failed);
  }
  if (first->trace().hash() == second->trace().hash()) return ::testing::AssertionSuccess();
  return report_divergence(seed, "nondeterministic", first->trace(), second->trace(),
                           first->size());
}

}  // namespace dslab::labkit
