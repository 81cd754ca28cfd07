// A search's verdict as a test result: the shortest counterexample (or the goal that was not
// reached) through the lab kit's one failure path (runtime/testing/report.hpp), so a search
// test fails like every other test: one screen, the trace in the simulator's text rendering,
// the facts for the grader, the replay command.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "runtime/mc/search.hpp"
#include "runtime/testing/report.hpp"

namespace dslab::mc {

/// The full trace of a result's path (replayed from the start state), with the violation as the
/// last event when there is one; `handler_failure` receives a handler failure met on the way.
template <node::Protocol P>
std::vector<trace::Event> counterexample(Explorer<P>& explorer, const Result& result) {
  std::optional<std::string> failed;
  std::vector<trace::Event> events = explorer.replay(result.path, &failed);
  if (result.verdict == Verdict::kViolation) {
    trace::Event v;
    v.index = events.size();
    v.time = msec(static_cast<std::int64_t>(result.path.size()));
    v.kind = trace::Kind::kViolation;
    v.what = result.property;
    v.decision = failed ? *failed : result.message;
    events.push_back(std::move(v));
  }
  return events;
}

/// How a search test words its verdict.
struct Expect {
  std::string property;     ///< the test's property, for the report
  std::string search;       ///< "breadth-first search to depth 12" (said in the report)
  std::string goal = {};    ///< expect_goal: the goal in words ("some node decided")
};

/// Passes when the search found no violation (exhausted, or stopped by a bound, which the
/// property must state). A violation is reported with its shortest path as the trace.
template <node::Protocol P>
::testing::AssertionResult expect_safe(Explorer<P>& explorer, const Result& result,
                                       const Expect& expect) {
  if (result.verdict != Verdict::kViolation) return ::testing::AssertionSuccess();
  const std::vector<trace::Event> events = counterexample(explorer, result);
  labkit::FailedRun run;
  run.seed = explorer.model().seed;
  // A handler that failed in the engine (threw, or the node host died) is an engine failure,
  // as in the simulator: the bug checks never count it as a catch.
  run.kind = result.property == "handler" ? "engine" : "safety";
  run.message = fmt::format("{}: {}\n  found by {} after {} states: the shortest path there has "
                            "{} steps (trace below)",
                            result.property, result.message, expect.search, result.states,
                            result.path.size());
  run.at = msec(static_cast<std::int64_t>(result.path.size()));
  run.events = events;
  run.nodes = explorer.model().nodes;
  run.tail = events.size();
  run.property = expect.property;
  return labkit::report_failure(run);
}

/// Passes when the search reached a goal. Otherwise reports that no goal state was found within
/// the bounds (a violation on the way is reported like expect_safe).
template <node::Protocol P>
::testing::AssertionResult expect_goal(Explorer<P>& explorer, const Result& result,
                                       const Expect& expect) {
  if (result.verdict == Verdict::kGoal) return ::testing::AssertionSuccess();
  if (result.verdict == Verdict::kViolation) return expect_safe(explorer, result, expect);
  labkit::FailedRun run;
  run.seed = explorer.model().seed;
  run.kind = "liveness";
  run.message = fmt::format("no state where {} was found by {} ({} states{})",
                            expect.goal.empty() ? expect.property : expect.goal, expect.search,
                            result.states,
                            result.verdict == Verdict::kStopped ? ", stopped by its bounds" : "");
  run.nodes = explorer.model().nodes;
  run.property = expect.property;
  return labkit::report_failure(run);
}

}  // namespace dslab::mc
