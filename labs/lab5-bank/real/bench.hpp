// Lab 5 on real processes (trusted): one measured point of the load generator, for
// `dslab bench cluster lab5-bank`: a fresh local cluster of bank nodes, the clients
// (bank_clients.hpp) warmed up, then measured for a while: committed operations per second,
// latency (log-bucket histogram) and the CPU each process used, to say where the time goes.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "labs/lab5-bank/real/bank_clients.hpp"
#include "runtime/codec/view.hpp"
#include "runtime/metrics/histogram.hpp"

namespace lab5::real {

/// What to measure.
struct PointOptions {
  std::filesystem::path program;   ///< bin/lab5_node
  std::filesystem::path work_dir;  ///< the cluster's files (emptied first)
  int replicas = 3;
  WorkloadOptions workload = {};
  std::chrono::milliseconds warmup{1000};
  std::chrono::milliseconds duration{5000};
  bool sync = true;                ///< the nodes' --sync fsync (else none)
};

/// What was measured. Throughput counts operations answered within the measured window.
struct PointResult {
  PointOptions options;
  double seconds = 0;              ///< the measured window
  std::uint64_t committed = 0;     ///< operations answered in it
  double throughput = 0;           ///< committed / seconds
  dslab::metrics::Histogram latency;  ///< µs, operations answered in the window
  std::uint64_t retries = 0;
  std::uint64_t redirects = 0;
  /// CPU used in the window, in % of one core: "n1".."nN" and "clients" (this process).
  std::vector<std::pair<std::string, double>> cpu;
  std::string error;               ///< not empty: the point failed, and why
};

/// Runs one point (a few seconds: warmup + duration). Never throws for a failed run: `error`.
PointResult run_point(const PointOptions& options);

/// The point as JSON: settings, throughput, latency mean/p50/p90/p99/max (µs), the latency
/// CDF, retries, redirects, CPU.
dslab::codec::Json to_json(const PointResult& result);

}  // namespace lab5::real
