// runtime/ipc/bench.hpp: the `dslab bench ipc` entry point (round trips per second, plain chrono).
#pragma once

namespace dslab::ipc {

/// Measures round trips per second through Session (shared memory) and, for comparison,
/// through a socketpair, for several payload sizes. Prints one line per case:
///   <transport> <payload B> <round trips> <seconds> <round trips/s> <µs per round trip>
/// Options: --child PATH (the ipc_test_child program; default: $DSLAB_IPC_CHILD, then
/// ipc_test_child next to /proc/self/exe, then the one in the build tree), --seconds S per
/// case (default 1), --sizes 16,256,4096, --spin-us N (maximum spin of both sides),
/// --no-socketpair, --help.
/// Returns 0 on success, 1 when a case fails, 2 on bad arguments.
int bench_main(int argc, char** argv);

}  // namespace dslab::ipc
