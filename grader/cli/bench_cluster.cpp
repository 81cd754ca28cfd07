// `dslab bench cluster LAB`: runs lab5::real::run_point once, or a sweep of them, and writes
// JSON, a Markdown report and PNG plots (runtime/metrics/plot_bench.py, Debian's
// python3-matplotlib).
#include "grader/cli/bench_cluster.hpp"

#include <cxxopts.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "grader/cli/paths.hpp"
#include "grader/cli/submission_build.hpp"
#ifdef DSLAB_HAS_LAB5_REAL
#include "labs/lab5-bank/real/bench.hpp"
#endif

namespace dslab::cli {
#ifndef DSLAB_HAS_LAB5_REAL
int bench_cluster_main(int, char**) {
  std::cerr << "dslab bench cluster: this dslab was built without lab 5 or the real-network "
               "engine\n";
  return 2;
}
#else
namespace {
namespace fs = std::filesystem;

cxxopts::Options make_options() {
  cxxopts::Options o("dslab bench cluster",
                     "Load generator on a real local cluster (loopback): closed-loop bank clients, one "
                     "request outstanding each (or open loop with --rate); committed operations/s and "
                     "latency mean/p50/p90/p99/max.\n"
                     "usage: dslab bench cluster lab5-bank [--replicas N] [--clients M] [--duration S]\n"
                     "         [--rate OPS] [--batch-size B --batch-delay-us D] [--json FILE]\n"
                     "       dslab bench cluster lab5-bank --sweep [--clients-list 1,4,16]\n"
                     "         [--replicas-list 3,5] [--out DIR]   (report.md, results.json, PNG plots)\n"
                     "Exit status: 0, 1 when a point failed, 2 on bad input.");
  o.add_options()("lab", "lab id (lab5-bank)", cxxopts::value<std::string>())(
      "replicas", "cluster size", cxxopts::value<int>()->default_value("3"))(
      "clients", "closed-loop clients", cxxopts::value<int>()->default_value("16"))(
      "duration", "measured seconds", cxxopts::value<double>()->default_value("5"))(
      "warmup", "seconds before measuring", cxxopts::value<double>()->default_value("1"))(
      "rate", "open loop: operations per second over all clients (0: closed loop)",
      cxxopts::value<double>()->default_value("0"))(
      "batch-size", "most commands per log slot (1: batching off)", cxxopts::value<int>()->default_value("1"))(
      "batch-delay-us", "longest a command waits for its batch (µs)",
      cxxopts::value<std::int64_t>()->default_value("0"))(
      "sync", "the nodes' storage: fsync (durable) or none (survives kill -9 only)",
      cxxopts::value<std::string>()->default_value("fsync"))(
      "json", "write the point's JSON here (- for stdout)", cxxopts::value<std::string>()->default_value(""))(
      "sweep", "measure every clients x replicas x batching (off, and --sweep-batch-size/-delay)")(
      "clients-list", "sweep: clients", cxxopts::value<std::string>()->default_value("1,4,16,64,256"))(
      "replicas-list", "sweep: cluster sizes", cxxopts::value<std::string>()->default_value("3"))(
      "sweep-batch-size", "sweep: batch size of the batching-on points", cxxopts::value<int>()->default_value("128"))(
      "sweep-batch-delay-us", "sweep: batch delay of the batching-on points",
      cxxopts::value<std::int64_t>()->default_value("2000"))(
      "out", "folder for the cluster's files, results.json, report.md and plots",
      cxxopts::value<std::string>()->default_value("dslab-bench-cluster"))(
      "program", "the node program (default: bin/lab5_node of the build)", cxxopts::value<std::string>())(
      "build-dir", "build tree holding bin/", cxxopts::value<std::string>())(
      "source", "source tree (for the plot script)", cxxopts::value<std::string>())("h,help", "show this help");
  o.parse_positional({"lab"});
  o.positional_help("LAB");
  return o;
}

/// "1,4,16" -> {1, 4, 16}; throws std::invalid_argument naming the option.
std::vector<int> int_list(const std::string& text, const char* option, int lo, int hi) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, end - start);
    std::size_t used = 0;
    int v = 0;
    try {
      v = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || item.empty() || v < lo || v > hi) {
      throw std::invalid_argument(fmt::format("--{}: '{}' is not a number in {}..{}", option, item, lo, hi));
    }
    out.push_back(v);
    start = end + 1;
  }
  return out;
}

std::string one_line(const lab5::real::PointResult& r) {
  const auto& l = r.latency;
  std::string cpu;
  for (const auto& [name, percent] : r.cpu) cpu += fmt::format(" {} {:.0f}%", name, percent);
  return fmt::format("replicas {} clients {:3} batch {:3}/{:5}us: {:8.0f} ops/s  latency ms mean {:.2f} "
                     "p50 {:.2f} p90 {:.2f} p99 {:.2f} max {:.2f}  cpu{}{}",
                     r.options.replicas, r.options.workload.clients, r.options.workload.batch_size,
                     r.options.workload.batch_delay, r.throughput, l.mean() / 1000, l.percentile(0.5) / 1000.0,
                     l.percentile(0.9) / 1000.0, l.percentile(0.99) / 1000.0, l.max() / 1000.0, cpu,
                     r.error.empty() ? "" : "  FAILED: " + r.error);
}

std::string capture(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, p) != nullptr) out += buffer;
    ::pclose(p);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

/// report.md: settings, machine, the table, the plots (when the script made them).
void write_report(const fs::path& out, const std::vector<lab5::real::PointResult>& points,
                  const std::string& uptime, const std::string& plots) {
  std::ofstream md(out / "report.md");
  md << "# dslab bench cluster lab5-bank\n\n"
     << "Closed-loop bank clients (one request outstanding each) against a local cluster of bank "
        "nodes (the bank replica over the Multi-Paxos replica, `bin/lab5_node`) on loopback. "
        "Throughput counts operations answered in the measured window; latency is from a "
        "client's first send to its answer.\n\n"
     << "Machine: " << capture("nproc") << " cores; `uptime` before the sweep: `" << uptime << "`\n\n"
     << "| replicas | clients | batch size / delay µs | storage | ops/s | mean ms | p50 ms | p90 ms | "
        "p99 ms | max ms | CPU % (nodes, clients) |\n"
     << "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n";
  for (const auto& r : points) {
    const auto& l = r.latency;
    std::string cpu;
    for (const auto& [name, percent] : r.cpu) cpu += fmt::format("{} {:.0f} ", name, percent);
    md << fmt::format("| {} | {} | {} / {} | {} | {:.0f} | {:.2f} | {:.2f} | {:.2f} | {:.2f} | {:.2f} | {}{} |\n",
                      r.options.replicas, r.options.workload.clients, r.options.workload.batch_size,
                      r.options.workload.batch_delay, r.options.sync ? "fsync" : "none", r.throughput,
                      l.mean() / 1000, l.percentile(0.5) / 1000.0, l.percentile(0.9) / 1000.0,
                      l.percentile(0.99) / 1000.0, l.max() / 1000.0, cpu,
                      r.error.empty() ? "" : "FAILED: " + r.error);
  }
  md << "\n" << plots << "\n";
}

/// The points to measure: one from --replicas/--clients/--batch-*, or the --sweep.
std::vector<lab5::real::PointOptions> make_plan(const cxxopts::ParseResult& args,
                                                const lab5::real::PointOptions& base) {
  std::vector<lab5::real::PointOptions> plan;
  if (args.count("sweep") != 0U) {
    const auto clients = int_list(args["clients-list"].as<std::string>(), "clients-list", 1, 1000);
    const auto replicas = int_list(args["replicas-list"].as<std::string>(), "replicas-list", 1, 15);
    for (int n : replicas) {
      for (int batching = 0; batching < 2; ++batching) {
        for (int c : clients) {
          auto p = base;
          p.replicas = n;
          p.workload.clients = c;
          p.workload.batch_size = batching != 0 ? args["sweep-batch-size"].as<int>() : 1;
          p.workload.batch_delay = batching != 0 ? args["sweep-batch-delay-us"].as<std::int64_t>() : 0;
          plan.push_back(p);
        }
      }
    }
  } else {
    auto p = base;
    p.replicas = int_list(std::to_string(args["replicas"].as<int>()), "replicas", 1, 15)[0];
    p.workload.clients = int_list(std::to_string(args["clients"].as<int>()), "clients", 1, 1000)[0];
    p.workload.batch_size = int_list(std::to_string(args["batch-size"].as<int>()), "batch-size", 1, 100000)[0];
    p.workload.batch_delay = args["batch-delay-us"].as<std::int64_t>();
    if (p.workload.batch_delay < 0) throw std::invalid_argument("--batch-delay-us must be >= 0");
    plan.push_back(p);
  }
  return plan;
}

}  // namespace

int bench_cluster_main(int argc, char** argv) {
  auto o = make_options();
  try {
    const auto args = o.parse(argc, argv);
    if (args.count("help") != 0U) {
      std::cout << o.help() << "\n";
      return 0;
    }
    if (args.count("lab") == 0U || args["lab"].as<std::string>() != "lab5-bank") {
      std::cerr << "dslab bench cluster: LAB must be lab5-bank (the lab whose nodes answer clients; "
                   "dslab bench cluster --help)\n";
      return 2;
    }
    const fs::path build = build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "");
    const fs::path program = args.count("program") != 0U ? fs::path(args["program"].as<std::string>())
                                                         : build / "bin" / "lab5_node";
    if (!fs::exists(program)) {
      std::cerr << "dslab bench cluster: node program " << program.string()
                << " not found (build the target lab5_node first)\n";
      return 2;
    }
    const std::string sync = args["sync"].as<std::string>();
    const double duration = args["duration"].as<double>();
    const double warmup = args["warmup"].as<double>();
    if (sync != "fsync" && sync != "none") throw std::invalid_argument("--sync must be fsync or none");
    if (!(duration > 0 && duration <= 3600) || !(warmup >= 0 && warmup <= 600)) {
      throw std::invalid_argument("--duration must be in (0, 3600] and --warmup in [0, 600] seconds");
    }
    const fs::path out = args["out"].as<std::string>();
    fs::create_directories(out);
    lab5::real::PointOptions base{.program = program, .work_dir = out / "cluster"};
    base.warmup = std::chrono::milliseconds(static_cast<std::int64_t>(warmup * 1000));
    base.duration = std::chrono::milliseconds(static_cast<std::int64_t>(duration * 1000));
    base.sync = sync == "fsync";
    base.workload.rate = args["rate"].as<double>();
    if (base.workload.rate < 0) throw std::invalid_argument("--rate must be >= 0");

    const auto plan = make_plan(args, base);
    const std::string uptime = capture("uptime");
    std::vector<lab5::real::PointResult> points;
    dslab::codec::Json results = dslab::codec::Json::array();
    bool failed = false;
    for (const auto& p : plan) {
      points.push_back(lab5::real::run_point(p));
      std::cout << one_line(points.back()) << std::endl;
      results.push_back(lab5::real::to_json(points.back()));
      failed = failed || !points.back().error.empty();
    }
    std::error_code ignored;
    if (!failed) fs::remove_all(out / "cluster", ignored);  // kept for the logs of a failed point
    const std::string json_to = args["json"].as<std::string>();
    dslab::codec::Json doc = {{"lab", "lab5-bank"}, {"uptime", uptime}, {"points", results}};
    if (json_to == "-") std::cout << doc.dump(2) << "\n";
    if (!json_to.empty() && json_to != "-") std::ofstream(json_to) << doc.dump(2) << "\n";
    if (args.count("sweep") != 0U) {
      std::ofstream(out / "results.json") << doc.dump(2) << "\n";
      const fs::path script =
          source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "") / "runtime" /
          "metrics" / "plot_bench.py";
      const int rc = run_command({"/usr/bin/python3", script.string(), (out / "results.json").string(),
                                  out.string()});
      const std::string plots =
          rc == 0 ? "![throughput against clients](throughput.png)\n\n![latency CDF](latency_cdf.png)\n"
                  : "(no plots: " + script.string() + " failed; it needs Debian's python3-matplotlib)\n";
      write_report(out, points, uptime, plots);
      std::cout << "report: " << (out / "report.md").string() << "\n";
    }
    return failed ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "dslab bench cluster: " << e.what() << " (dslab bench cluster --help)\n";
    return 2;
  }
}
#endif
}  // namespace dslab::cli
