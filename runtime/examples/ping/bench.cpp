// Simulator benchmarks: deliveries per second in-process (trace off / hash) and through the
// node host (one process and one per node), and the virtual-to-wall time ratio of a long run.
#include "runtime/examples/ping/bench.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cxxopts.hpp>
#include <filesystem>
#include <iostream>
#include <vector>

#include "runtime/engine/inprocess.hpp"
#include "runtime/examples/ping/ping.hpp"
#include "runtime/host/host_engine.hpp"
#include "runtime/ipc/competitors.hpp"
#include "runtime/sim/simulator.hpp"

namespace dslab::examples::ping {
namespace {

struct Figures {
  double wall_seconds = 0;
  std::uint64_t events = 0;
  std::uint64_t deliveries = 0;
  Time virtual_time = 0;
};

sim::SimConfig config(trace::Level level) {
  sim::SimConfig c;
  c.nodes = 3;
  c.seed = 42;
  c.network.drop = {1, 100};
  c.network.min_latency = usec(50);
  c.network.max_latency = usec(500);
  c.trace = level;
  c.keep_outputs = false;  // a long run must not grow memory with every round trip
  c.max_events = ~std::uint64_t{0};
  return c;
}

Figures run(engine::Engine<Protocol>& engine, Time virtual_time, trace::Level level) {
  sim::Simulator<Protocol> s(config(level), engine);
  const auto start = std::chrono::steady_clock::now();
  s.run_until(virtual_time);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (s.failed()) throw std::runtime_error("benchmark run failed: " + s.failure()->message);
  return Figures{took.count(), s.events(), s.deliveries(), virtual_time};
}

/// Runs for about `wall` of wall-clock time, in slices of 10 ms of virtual time.
Figures run_for(engine::Engine<Protocol>& engine, std::chrono::duration<double> wall) {
  sim::Simulator<Protocol> s(config(trace::Level::kHash), engine);
  const auto start = std::chrono::steady_clock::now();
  Time now = 0;
  std::chrono::duration<double> took{0};
  while (took < wall) {
    now += msec(10);
    if (!s.run_until(now)) throw std::runtime_error("benchmark run failed: " + s.failure()->message);
    took = std::chrono::steady_clock::now() - start;
  }
  return Figures{took.count(), s.events(), s.deliveries(), now};
}

double rate(const Figures& f) { return static_cast<double>(f.events) / f.wall_seconds; }

/// The --busy mode: each engine idle, then with a spinning competitor on every core.
int busy_main(const std::string& host, double wall_seconds, unsigned competitors) {
  const std::chrono::duration<double> wall(wall_seconds);
  engine::InProcessEngine<PingNode> local;
  host::HostOptions o;
  o.host_path = host;
  host::HostEngine<Protocol> one(o);
  o.process_per_node = true;
  host::HostEngine<Protocol> per_node(o);
  struct Row {
    const char* name;
    engine::Engine<Protocol>* engine;
    double idle = 0;
    double busy = 0;
  };
  std::vector<Row> rows = {{.name = "in-process, trace hash", .engine = &local},
                           {.name = "node host (1 process)", .engine = &one},
                           {.name = "node host (process per node)", .engine = &per_node}};
  std::cout << fmt::format("idle phase ({:.1f} s per figure)  before: {}\n", wall_seconds,
                           ipc::load_line());
  for (auto& row : rows) row.idle = rate(run_for(*row.engine, wall));
  const auto limit = std::chrono::seconds(static_cast<long>(rows.size() * wall_seconds) + 30);
  ipc::Competitors busy(competitors, limit);
  std::cout << fmt::format("busy phase, {} spinning competitors    before: {}\n", busy.size(),
                           ipc::load_line());
  for (auto& row : rows) row.busy = rate(run_for(*row.engine, wall));
  const std::string after = ipc::load_line();
  busy.stop();
  std::cout << fmt::format("                                             after:  {}\n", after);
  std::cout << fmt::format("{:<30} {:>14} {:>14} {:>10}\n", "events/s", "idle", "busy", "busy/idle");
  for (const auto& row : rows) {
    std::cout << fmt::format("{:<30} {:>14.0f} {:>14.0f} {:>10.3f}\n", row.name, row.idle,
                             row.busy, row.busy / row.idle);
  }
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::cout << fmt::format("{:<30} {:>14.4f} {:>14.4f}   (ratio to in-process)\n",
                             rows[i].name, rows[i].idle / rows[0].idle, rows[i].busy / rows[0].busy);
  }
  return 0;
}

void print(const std::string& name, const Figures& f) {
  std::cout << fmt::format(
      "{:<38} {:>12} deliveries {:>12} events in {:>7.3f} s  {:>12.0f} deliveries/s  "
      "{:>12.0f} events/s  virtual/wall {:>8.1f}x\n",
      name, f.deliveries, f.events, f.wall_seconds,
      static_cast<double>(f.deliveries) / f.wall_seconds,
      static_cast<double>(f.events) / f.wall_seconds,
      static_cast<double>(f.virtual_time) / 1e6 / f.wall_seconds);
}

std::string default_host() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "ping_host";
  return (self.parent_path() / "ping_host").string();
}

}  // namespace

int bench_sim_main(int argc, char** argv) {
  cxxopts::Options options("dslab bench sim",
                           "Simulator throughput: ping-pong between 3 nodes, 1% drop rate.");
  options.add_options()("seconds", "virtual seconds of each run (process-per-node: a tenth)",
                        cxxopts::value<int>()->default_value("60"))(
      "host", "the ping node-host executable", cxxopts::value<std::string>()->default_value(""))(
      "quick", "short runs (smoke test)")(
      "busy", "each engine idle, then with a CPU-bound competitor process on every core")(
      "wall", "with --busy: wall seconds per figure", cxxopts::value<double>()->default_value("1"))(
      "competitors", "with --busy: competitor processes (0: one per core)",
      cxxopts::value<unsigned>()->default_value("0"))(
      "only", "run only 'inprocess' or 'host' figures", cxxopts::value<std::string>()->default_value(""))(
      "h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "dslab bench sim: " << e.what() << "\n";
    return 2;
  }
  if (args.count("help") != 0U) {
    std::cout << options.help() << "\n";
    return 0;
  }
  const bool quick = args.count("quick") != 0U;
  const Time seconds = sec(quick ? 1 : args["seconds"].as<int>());
  // The process-per-node run is ~20x slower (three hosts share two cores), so it gets a tenth.
  const Time per_node_seconds = quick ? msec(200) : seconds / 10;
  std::string host = args["host"].as<std::string>();
  if (host.empty()) host = default_host();

  if (args.count("busy") != 0U) {
    const double wall = quick ? 0.2 : args["wall"].as<double>();
    if (!(wall > 0 && wall <= 600)) {
      std::cerr << "dslab bench sim: --wall must be in (0, 600]\n";
      return 2;
    }
    std::cout << "dslab bench sim --busy: 3 nodes, ping-pong, drop 1/100, latency 50-500us, "
                 "seed 42, trace hash\n";
    return busy_main(host, wall, args["competitors"].as<unsigned>());
  }
  const std::string only = args["only"].as<std::string>();
  if (!only.empty() && only != "inprocess" && only != "host") {
    std::cerr << "dslab bench sim: --only must be 'inprocess' or 'host'\n";
    return 2;
  }
  std::cout << "dslab bench sim: 3 nodes, ping-pong, drop 1/100, latency 50-500us, seed 42\n";
  if (only != "host") {
    engine::InProcessEngine<PingNode> local;
    print("in-process, trace off", run(local, seconds, trace::Level::kOff));
    print("in-process, trace hash", run(local, seconds, trace::Level::kHash));
    print("in-process, full trace", run(local, seconds / 20, trace::Level::kFull));
  }
  if (only == "inprocess") return 0;
  host::HostOptions o;
  o.host_path = host;
  host::HostEngine<Protocol> one(o);
  print("node host (1 process), trace hash", run(one, seconds, trace::Level::kHash));
  o.process_per_node = true;
  host::HostEngine<Protocol> per_node(o);
  print("node host (process per node), hash", run(per_node, per_node_seconds, trace::Level::kHash));
  return 0;
}

}  // namespace dslab::examples::ping
