// The scenario runner: every randomized and scripted run of a lab's tests, in the shape of a
// VOPR run (fault phase drawn from the seed, heal, liveness bound; safety checked as events
// happen). Each run goes through an ObservedEngine, and the lab's checkers are built in one
// place (the lab's `Checkers` type, constructed by the runner for every run). Randomized runs go
// with tracing off; the first failing seed is re-run with the full trace and reported with the
// property, the seed, the trace tail and the replay command. On the node host, the first seeds of
// every test are also run with one process per node (the isolation audit).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <source_location>
#include <string>
#include <vector>

#include "runtime/sim/nemesis.hpp"
#include "runtime/sim/simulator.hpp"
#include "runtime/testing/check.hpp"
#include "runtime/testing/lab_engine.hpp"
#include "runtime/testing/observed_engine.hpp"

namespace dslab::labkit {

/// What a randomized test states once: how many seeds it runs and the property it checks.
struct Randomized {
  std::size_t seeds = 0;          ///< DSLAB_SEEDS overrides (soak), DSLAB_SEED replays one
  std::string property = {};      ///< one line, printed in the failure report
  std::uint64_t first_seed = 1;   ///< seeds are first_seed, first_seed + 1, ...
};

namespace detail {
struct NoSettings {};
template <class C>
struct SettingsOf {
  using type = NoSettings;
};
template <class C>
  requires requires { typename C::Settings; }
struct SettingsOf<C> {
  using type = typename C::Settings;
};
}  // namespace detail

/// Runs scenarios of protocol P with the lab's checkers. `Checkers` is constructed for every
/// run as `Checkers(sim, observed_engine)`, or `Checkers(sim, observed_engine, settings)` when
/// it declares `using Settings = ...` (per-test knobs). It must outlive nothing: the runner
/// keeps it, the simulator and the observed engine together for the run. Not thread-safe.
template <node::Protocol P, class Checkers>
class Runner {
 public:
  using Sim = sim::Simulator<P>;
  using Observed = ObservedEngine<P>;
  using Settings = typename detail::SettingsOf<Checkers>::type;
  using ConfigFn = std::function<sim::SimConfig(std::uint64_t seed)>;
  using ScenarioFn = std::function<void(Sim&, Checkers&)>;

  /// The lab's engine (make_lab_engine<P>()), and the audit's when that is the node host.
  Runner() : engine_(make_lab_engine<P>()), audit_(make_audit_engine<P>()) {}
  /// Given engines (the kit's own tests); `audit` may be null (no audit).
  Runner(std::unique_ptr<engine::Engine<P>> engine, std::unique_ptr<engine::Engine<P>> audit)
      : engine_(std::move(engine)), audit_(std::move(audit)) {}

  // Each entry point reports its failure itself, as a non-fatal GoogleTest failure at the
  // caller's line whose message starts with the report ("FAIL <lab>  <test>  seed=..."), and
  // returns whether the test passed.

  /// Runs `scenario` on `test.seeds` seeds, each on a fresh simulator from `config(seed)`.
  /// Stops at the first failing seed and reports it.
  bool randomized(const Randomized& test, const ConfigFn& config, const ScenarioFn& scenario,
                  const Settings& settings = {},
                  std::source_location where = std::source_location::current()) {
    const auto list = seeds(test.seeds, test.first_seed);
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto result = one_seed(list[i], config, scenario, settings, i < audit_seeds(), test);
      if (!result) return fail(result, where);
    }
    return true;
  }

  /// A scripted run: one seed (config.seed), full trace, audited on the node host.
  bool scripted(const sim::SimConfig& config, const ScenarioFn& scenario,
                const Settings& settings = {},
                std::source_location where = std::source_location::current()) {
    const auto result = one_seed(
        config.seed, [&](std::uint64_t) { return config; }, scenario, settings,
        audit_seeds() > 0, Randomized{});
    return result ? true : fail(result, where);
  }

  /// The nondeterminism check: each of `count` seeds runs twice with the full trace; both runs
  /// must pass and give the same trace (else the first diverging event is named).
  bool deterministic(std::size_t count, const ConfigFn& config, const ScenarioFn& scenario,
                     const Settings& settings = {},
                     std::source_location where = std::source_location::current()) {
    for (const std::uint64_t seed : seeds(count)) {
      const auto first = run(*engine_, config, seed, trace::Level::kFull, scenario, settings);
      if (first->sim.failed()) {
        return fail(report(seed, first->sim, Randomized{.seeds = count}), where);
      }
      const auto second = run(*engine_, config, seed, trace::Level::kFull, scenario, settings);
      if (first->sim.trace().hash() == second->sim.trace().hash()) continue;
      if (second->sim.failed()) {  // a failing run (a host that hung or died) is that failure
        return fail(report(seed, second->sim, Randomized{.seeds = count}), where);
      }
      return fail(report_divergence(seed, "nondeterministic", first->sim.trace(),
                                    second->sim.trace(), first->sim.size()),
                  where);
    }
    return true;
  }

  engine::Engine<P>& engine() { return *engine_; }
  /// The audit's engine (one process per node), or null.
  engine::Engine<P>* audit_engine() { return audit_.get(); }

 private:
  static bool fail(const ::testing::AssertionResult& failure, const std::source_location& where) {
    std::string text = failure.message();
    if (!text.empty() && text.front() == '\n') text.erase(0, 1);
    GTEST_MESSAGE_AT_(where.file_name(), static_cast<int>(where.line()), text.c_str(),
                      ::testing::TestPartResult::kNonFatalFailure);
    return false;
  }

  /// One run: the observed engine, the simulator and the checkers, alive together.
  struct Run {
    Run(engine::Engine<P>& inner, sim::SimConfig c, const Settings& settings)
        : observed(inner), sim(std::move(c), observed), checkers(make(sim, observed, settings)) {}
    static Checkers make(Sim& s, Observed& o, [[maybe_unused]] const Settings& settings) {
      if constexpr (std::is_same_v<Settings, detail::NoSettings>) {
        return Checkers(s, o);
      } else {
        return Checkers(s, o, settings);
      }
    }
    Observed observed;
    Sim sim;
    Checkers checkers;
  };

  std::unique_ptr<Run> run(engine::Engine<P>& engine, const ConfigFn& config, std::uint64_t seed,
                           trace::Level level, const ScenarioFn& scenario,
                           const Settings& settings) {
    sim::SimConfig c = config(seed);
    c.seed = seed;
    c.trace = level;
    c.trace_states = level == trace::Level::kFull && pictures_wanted();
    auto r = std::make_unique<Run>(engine, std::move(c), settings);
    if (!r->sim.failed()) scenario(r->sim, r->checkers);
    return r;
  }

  ::testing::AssertionResult report(std::uint64_t seed, const Sim& sim, const Randomized& test) {
    export_trace(sim.trace());
    FailedRun failed = failed_run(seed, sim);
    failed.seeds = test.seeds;
    failed.property = test.property;
    return report_failure(failed);
  }

  ::testing::AssertionResult one_seed(std::uint64_t seed, const ConfigFn& config,
                                      const ScenarioFn& scenario, const Settings& settings,
                                      bool audit, const Randomized& test) {
    audit = audit && audit_ != nullptr;
    const bool full = replaying() || test.seeds == 0;
    const trace::Level level = full ? trace::Level::kFull
                               : audit ? trace::Level::kHash
                                       : trace::Level::kOff;
    auto first = run(*engine_, config, seed, level, scenario, settings);
    if (first->sim.failed()) {
      if (level != trace::Level::kFull) {
        first.reset();  // the full-trace re-run of the failing seed, for the report
        first = run(*engine_, config, seed, trace::Level::kFull, scenario, settings);
        if (!first->sim.failed()) return traced_run_passed(seed, test);
      }
      return report(seed, first->sim, test);
    }
    if (replaying()) {
      export_trace(first->sim.trace());
      export_picture(seed, first->sim.trace(), first->sim.size());
      print_replayed(seed, first->sim.trace(), first->sim.size());
    }
    if (!audit) return ::testing::AssertionSuccess();
    const trace::Level audit_level = full ? trace::Level::kFull : trace::Level::kHash;
    auto isolated = run(*audit_, config, seed, audit_level, scenario, settings);
    if (isolated->sim.trace().hash() == first->sim.trace().hash()) {
      return ::testing::AssertionSuccess();
    }
    if (!full) {  // re-run both with the full trace to name the first diverging event
      first = run(*engine_, config, seed, trace::Level::kFull, scenario, settings);
      isolated = run(*audit_, config, seed, trace::Level::kFull, scenario, settings);
    }
    export_trace(isolated->sim.trace());
    return report_divergence(seed, "isolation", first->sim.trace(), isolated->sim.trace(),
                             first->sim.size());
  }

  ::testing::AssertionResult traced_run_passed(std::uint64_t seed, const Randomized& test) {
    FailedRun failed;
    failed.seed = seed;
    failed.kind = "nondeterministic";
    failed.seeds = test.seeds;
    failed.message =
        "the seed failed with tracing off but passed with the full trace: the node depends on "
        "something outside the node contract (a global, the clock, an address...)";
    return report_failure(failed);
  }

  std::unique_ptr<engine::Engine<P>> engine_;
  std::unique_ptr<engine::Engine<P>> audit_;
};

}  // namespace dslab::labkit
