// Test support: a simulated ping run with every kind of event the viewer draws (losses,
// duplicates, a partition and its heal, a crash and restart, timers, a failing check), as the
// page of a failing test. Shared by the viewer's tests and its load-time measurement.
#pragma once

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/sim/simulator.hpp"
#include "runtime/viewer/viewer.hpp"

namespace dslab::viewer::sample {

using Ping = examples::ping::Protocol;

/// Runs ping on 3 nodes for `length` of virtual time (faults in its first 30%), fails it at the
/// end with kind "safety" (a message with hostile text), keeps node states, and returns its
/// page. `stop_after_events` > 0 ends the run once the trace holds that many events.
inline RunPage page(Duration length, std::uint64_t stop_after_events = 0) {
  engine::InProcessEngine<examples::ping::PingNode> engine;
  sim::SimConfig config;
  config.seed = 7;
  config.trace_states = true;
  config.network.drop = {1, 8};
  config.network.duplicate = {1, 10};
  sim::Simulator<Ping> sim(config, engine);
  const Duration tenth = length / 10;
  sim.partition_at(tenth, {{1, 2}, {3}});
  sim.heal_at(2 * tenth);
  sim.crash_at(tenth + tenth / 2, 2);
  sim.restart_at(3 * tenth, 2);
  sim.at(length, "check", [](sim::Simulator<Ping>& s) {
    s.fail("safety", "n1 and n3 disagree about \"</script><!-- x\" \u2028 (a made-up check)");
  });
  if (stop_after_events > 0) {
    sim.run_until(length, [&] { return sim.trace().count() + 1 >= stop_after_events; });
    sim.fail("safety", "stopped at the event budget (a made-up check)");
  } else {
    sim.run_until(length + 1);
  }
  RunPage out;
  out.title = "runtime  Viewer.Sample  seed=7";
  out.failure = sim.failure() ? sim.failure()->kind + ": " + sim.failure()->message : "";
  out.property = "the nodes agree";
  out.replay = "dslab replay runtime Viewer.Sample --seed 7";
  out.nodes = sim.size();
  out.events = events_json(sim.trace().events());
  return out;
}

}  // namespace dslab::viewer::sample
