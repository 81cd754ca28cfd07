// The one-screen failure report of a simulated test: what failed, at which seed, the trace
// excerpt around the violation in columns, and the command that replays it. Every failure of
// the kit goes through report_failure(), the one place where a failure becomes text (and facts).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "runtime/sim/simulator.hpp"
#include "runtime/trace/trace.hpp"

namespace dslab::labkit {

/// The lab a test binary belongs to: $DSLAB_LAB, else what set_default_lab() said (each lab
/// test binary's generated engine factory sets it), else "runtime".
std::string current_lab();
/// Sets the lab name used in reports and replay commands of this binary.
void set_default_lab(const char* lab);
/// "Suite.Name" of the running GoogleTest test ("" outside a test).
std::string current_test();
/// `dslab replay <lab> <test> --seed <seed>`; $DSLAB_REPLAY_PROGRAM replaces `dslab` (dslab test
/// sets it to the path it was run as, e.g. build/default/bin/dslab, so the command can be pasted).
std::string replay_command(std::uint64_t seed);

/// Everything a failed run reports. `kind` is "safety", "liveness", "engine", "limit",
/// "complexity", "isolation" or "nondeterministic" (the last gives a NONDETERMINISTIC headline).
struct FailedRun {
  std::uint64_t seed = 0;
  std::string kind;
  std::string message;                   ///< one line for the student (more lines allowed)
  Time at = 0;                           ///< virtual time it was detected
  std::span<const trace::Event> events;  ///< the run's trace (may be empty: tracing was off)
  int nodes = 3;                         ///< trace columns
  std::size_t tail = 12;                 ///< trace events shown at most (all when replaying)
  std::size_t seeds = 0;                 ///< seeds the test runs (0: a scripted, one-seed run)
  std::string property;                  ///< the property of the test ("" if none stated)
  /// Nodes the failed check names; the trace excerpt centres on them (empty: the nodes of the
  /// event the violation was detected at). See runtime/trace/excerpt.hpp.
  std::vector<NodeId> focus = {};
  /// Where the HTML picture of the run was written ("" if none); report_failure sets it.
  std::string picture = {};
};

/// Whether failures of this process write HTML pictures (DSLAB_HTML_OUT or DSLAB_HTML_DIR is
/// set): full-trace runs then also keep the nodes' states (SimConfig::trace_states).
bool pictures_wanted();

/// Writes the HTML picture of a failed run (runtime/viewer) to $DSLAB_HTML_OUT, else into
/// $DSLAB_HTML_DIR as viewer::page_file_name(lab, test, seed); returns the path written, or ""
/// (neither set, no trace, or the file could not be written: a note goes to stderr).
std::string write_picture(const FailedRun& run);

/// Formats the report: "FAIL <lab>  <test>  seed=S  (N seeds)", the reason line
/// "  <kind> at t=<time>: <message>", the property, the trace excerpt around the failure
/// (runtime/trace/excerpt.hpp), the replay command and the picture's path when one was written.
std::string format_failure(const FailedRun& run);

/// THE failure path of the kit: formats the report (and records it for the grader) and returns
/// it as a failed assertion. Every runner, table and check of runtime/testing ends here.
::testing::AssertionResult report_failure(const FailedRun& run);

/// "a, b, c", or "(none)" when empty.
std::string join_or_none(const std::vector<std::string>& parts);
/// "100.000ms, 200.000ms", or "(none)".
std::string join_delays(const std::vector<Duration>& delays);

/// A table row that did not hold (table.hpp).
struct FailedRow {
  std::size_t number = 0;  ///< from 1
  std::string what;        ///< the row's description
  std::string problem;     ///< "expected a send to n1 of Prepare(round=1); sent: (none)"
};

/// Formats "row 2 (client value): <problem>" (the first line: which row, what was expected,
/// what happened), then a note that the later rows were not run.
std::string format_failure(const FailedRow& row);

/// The failure path of table rows: like report_failure(FailedRun), the one place a row's
/// failure becomes text (and facts).
::testing::AssertionResult report_failure(const FailedRow& row);

/// Any other check of a lab's own test that did not hold (lab 1's request/reply vectors, ...).
struct FailedCheck {
  std::string message;         ///< its first line says what was expected and what happened
  std::string kind = "check";  ///< the kind of fact recorded
};

/// The failure path of other checks: records the facts and returns the message as a failed
/// assertion (report it with `ADD_FAILURE() << failure.message()`).
::testing::AssertionResult report_failure(const FailedCheck& check);

/// The failure of a simulator run as a FailedRun (trace = the simulator's).
template <class P>
FailedRun failed_run(std::uint64_t seed, const sim::Simulator<P>& sim) {
  const auto& f = sim.failure();
  FailedRun run;
  run.seed = seed;
  run.kind = f ? f->kind : "unknown";
  run.message = f ? f->message : "no failure recorded";
  run.at = f ? f->time : sim.now();
  run.events = sim.trace().events();
  run.nodes = sim.size();
  return run;
}

/// Formats the report (kept for callers that want the text of a simulator failure).
std::string failure_report(std::uint64_t seed, const std::string& kind, const std::string& message,
                           Time at, const trace::Recorder& trace, int nodes, std::size_t tail = 12);

/// The report for a failed simulator run.
template <class P>
std::string failure_report(std::uint64_t seed, const sim::Simulator<P>& sim,
                           std::size_t tail = 12) {
  FailedRun run = failed_run(seed, sim);
  run.tail = tail;
  return format_failure(run);
}

}  // namespace dslab::labkit
