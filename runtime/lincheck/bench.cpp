// The linearizability checker's benchmark: etcd and kv histories, parsing included.
#include "runtime/lincheck/bench.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "runtime/lincheck/formats.hpp"
#include "runtime/lincheck/run.hpp"

#ifndef DSLAB_LINCHECK_DATA_DIR
#define DSLAB_LINCHECK_DATA_DIR ""
#endif

namespace dslab::lincheck {

namespace {

namespace fs = std::filesystem;

/// One timed workload: files checked with one model and options.
struct Workload {
  std::string name;
  std::vector<fs::path> files;
  ModelKind kind;
  bool partition;
  std::string reference;  // target and Porcupine's figure
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

std::map<std::string, std::string> read_expected(const fs::path& file) {
  std::map<std::string, std::string> out;
  std::ifstream in(file);
  std::string name, verdict;
  while (in >> name >> verdict) out[name] = verdict;
  return out;
}

std::string expected_name(Verdict v) {
  switch (v) {
    case Verdict::kLinearizable:
      return "linearizable";
    case Verdict::kNotLinearizable:
      return "not-linearizable";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

/// Runs `w` `repeat` times; prints the best wall time; returns the number of verdict mismatches.
int run_workload(const Workload& w, int repeat, const std::map<std::string, std::string>& expected) {
  double best_wall = 1e30, best_cpu = 1e30;
  int mismatches = 0;
  std::size_t ops = 0;
  for (int r = 0; r < repeat; ++r) {
    Options options;
    options.partition = w.partition;
    mismatches = 0;
    ops = 0;
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& f : w.files) {
      // The published set holds one empty file (etcd_095.log); the benchmark times it too.
      const FileReport report = check_file(f.string(), w.kind, options, /*allow_empty=*/true);
      ops += report.result.operations;
      auto it = expected.find(f.filename().string());
      if (it != expected.end() && it->second != "unknown" &&
          it->second != expected_name(report.result.verdict)) {
        ++mismatches;
      }
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best_wall = std::min(best_wall, wall);
    best_cpu = std::min(best_cpu, cpu_seconds() - cpu0);
  }
  fmt::print("  {:<34} {:>5} ops  {:>8.1f} ms wall  {:>8.1f} ms cpu   {}   verdicts: {}\n", w.name,
             ops, best_wall * 1e3, best_cpu * 1e3, w.reference,
             mismatches == 0 ? "all match" : fmt::format("{} MISMATCH", mismatches));
  return mismatches;
}

std::vector<Workload> workloads(const fs::path& data) {
  std::vector<fs::path> etcd;
  for (const auto& entry : fs::directory_iterator(data / "etcd")) {
    if (entry.path().extension() == ".log") etcd.push_back(entry.path());
  }
  std::sort(etcd.begin(), etcd.end());
  const fs::path kv = data / "kv";
  return {
      {fmt::format("etcd: all {} histories", etcd.size()), etcd, ModelKind::kRegister, false,
       "(target < 200 ms; Porcupine 540-590 ms)"},
      {"kv c10-ok, unpartitioned", {kv / "c10-ok.txt"}, ModelKind::kKv, false,
       "(target < 500 ms; Porcupine 2960 ms)"},
      {"kv c10-bad, unpartitioned", {kv / "c10-bad.txt"}, ModelKind::kKv, false,
       "(Porcupine 3190 ms)"},
      {"kv c50-ok, partitioned by key", {kv / "c50-ok.txt"}, ModelKind::kKv, true,
       "(target < 100 ms; Porcupine 300 ms)"},
      {"kv c50-bad, partitioned by key", {kv / "c50-bad.txt"}, ModelKind::kKv, true, ""},
  };
}

}  // namespace

int bench_main(int argc, char** argv) {
  fs::path data = DSLAB_LINCHECK_DATA_DIR;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      fmt::print("usage: {} [--data DIR] [--repeat N]\n"
                 "Times the linearizability checker on the shared histories (parsing included,\n"
                 "one thread, best of N runs) against Porcupine's figures.\n"
                 "  --data DIR   folder with etcd/ and kv/ (default: {})\n"
                 "  --repeat N   runs per workload, best reported (default 5)\n",
                 argc > 0 ? argv[0] : "bench", DSLAB_LINCHECK_DATA_DIR);
      return 0;
    }
    if (arg == "--data" && i + 1 < argc) {
      data = argv[++i];
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      std::cerr << "bench lincheck: unknown or incomplete option '" << arg << "' (see --help)\n";
      return 2;
    }
  }
  if (repeat < 1) {
    std::cerr << "bench lincheck: --repeat must be at least 1\n";
    return 2;
  }
  if (data.empty() || !fs::is_directory(data / "etcd") || !fs::is_directory(data / "kv")) {
    std::cerr << "bench lincheck: no lincheck data at '" << data.string()
              << "' (expected etcd/ and kv/; pass --data DIR)\n";
    return 2;
  }
  fmt::print("lincheck benchmark: {} (best of {}, parsing included, one thread)\n", data.string(),
             repeat);
  int mismatches = 0;
  try {
    auto expected = read_expected(data / "etcd" / "EXPECTED.txt");
    expected.merge(read_expected(data / "kv" / "EXPECTED.txt"));
    for (const auto& w : workloads(data)) mismatches += run_workload(w, repeat, expected);
  } catch (const std::exception& e) {
    std::cerr << "bench lincheck: " << e.what() << "\n";
    return 2;
  }
  return mismatches == 0 ? 0 : 1;
}

}  // namespace dslab::lincheck
