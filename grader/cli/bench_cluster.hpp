// `dslab bench cluster LAB`: the load generator on a real local cluster (one point, or a sweep
// over clients, cluster sizes and batching with a Markdown report and plots).
#pragma once

namespace dslab::cli {

/// The main of `dslab bench cluster` (argv[0] is "dslab bench cluster"). Exit status: 0, 1 when
/// a point failed, 2 on bad input.
int bench_cluster_main(int argc, char** argv);

}  // namespace dslab::cli
