// The linearizability checker's benchmark (`dslab bench lincheck`): the shared histories,
// timed against Porcupine's published figures.
#pragma once

namespace dslab::lincheck {

/// Runs the benchmark; argv[0] is the program name. Options: --data DIR (the shared
/// lincheck data folder; defaults to the one next to the source tree), --repeat N (best of N,
/// default 5), --help. Prints one line per workload with wall and CPU time, parsing included,
/// single-threaded, and whether every verdict matched EXPECTED.txt. Returns 0 when all verdicts
/// matched, 1 when one did not, 2 for usage errors or missing data.
int bench_main(int argc, char** argv);

}  // namespace dslab::lincheck
