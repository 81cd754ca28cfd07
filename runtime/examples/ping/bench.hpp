// `dslab bench sim`: simulator throughput (in-process and node host) on the ping protocol.
#pragma once

namespace dslab::examples::ping {

/// Runs the simulator benchmarks and prints one line per figure. Options: --seconds S (virtual
/// seconds per in-process run, default 60), --host PATH (the ping node host; default: ping_host
/// next to the running executable), --quick (shorter runs, for tests), --busy [--wall S]
/// [--competitors N] (each engine for S wall seconds idle, then beside N spinning processes,
/// one per core by default; events/s side by side). Returns 0, or 2 on a usage error.
int bench_sim_main(int argc, char** argv);

}  // namespace dslab::examples::ping
