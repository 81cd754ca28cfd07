// `dslab bench <what>`: the benchmarks that check the project's speed targets.
#include <cstring>
#include <iostream>

#include "grader/cli/bench_cluster.hpp"
#include "grader/cli/verb.hpp"
#include "runtime/examples/ping/bench.hpp"
#include "runtime/ipc/bench.hpp"
#include "runtime/lincheck/bench.hpp"

namespace {

int bench(int argc, char** argv) {
  const char* usage =
      "usage: dslab bench <what> [options]   (dslab bench <what> --help)\n\n"
      "  sim        simulator throughput: in-process and node host, virtual/wall time ratio\n"
      "  ipc        the node host's shared-memory channel: round trips per second\n"
      "  lincheck   linearizability checker on the shared etcd and kv histories\n"
      "  cluster    lab 5's bank on a real local cluster: ops/s and latency, sweeps with plots\n";
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::cout << usage;
    return argc < 2 ? 2 : 0;
  }
  const std::string what = argv[1];
  std::string prog = std::string("dslab bench ") + what;
  argv[1] = prog.data();
  if (what == "sim") return dslab::examples::ping::bench_sim_main(argc - 1, argv + 1);
  if (what == "ipc") return dslab::ipc::bench_main(argc - 1, argv + 1);
  if (what == "lincheck") return dslab::lincheck::bench_main(argc - 1, argv + 1);
  if (what == "cluster") return dslab::cli::bench_cluster_main(argc - 1, argv + 1);
  std::cerr << "dslab bench: unknown benchmark '" << what << "'\n" << usage;
  return 2;
}

const dslab::cli::Registration registration{
    {"bench", "run a benchmark (sim, ipc, lincheck, cluster) and print its figures", bench}};

}  // namespace
