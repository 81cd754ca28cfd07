// The one-screen failure report of a simulated test: what failed, at which seed, the tail of the
// trace in columns, and the command that replays it.
#pragma once

#include <cstdint>
#include <string>

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
/// `dslab replay <lab> <test> --seed <seed>`.
std::string replay_command(std::uint64_t seed);

/// Formats the report. `tail` is how many trace events to show (all when replaying a seed).
std::string failure_report(std::uint64_t seed, const std::string& kind, const std::string& message,
                           Time at, const trace::Recorder& trace, int nodes, std::size_t tail = 40);

/// The report for a failed simulator run.
template <class P>
std::string failure_report(std::uint64_t seed, const sim::Simulator<P>& sim,
                           std::size_t tail = 40) {
  const auto& f = sim.failure();
  return failure_report(seed, f ? f->kind : "unknown", f ? f->message : "no failure recorded",
                        f ? f->time : sim.now(), sim.trace(), sim.size(), tail);
}

}  // namespace dslab::labkit
