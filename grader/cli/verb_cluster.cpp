// `dslab cluster LAB`: runs a lab's node program as a local cluster of processes on loopback
// (runtime/net), injects a fault schedule (kill -9, restart, SIGSTOP/SIGCONT; partitions, drops
// and delays through the nodes' transports: cluster_faults.hpp), prints a live line
// every second, keeps every node's log and events in --out, checks the run, and stops everything
// it started on success, failure, Ctrl-C and SIGTERM. Lab 5 gets closed-loop bank clients whose
// history is checked with the linearizability checker's bank model.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cxxopts.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grader/cli/cluster_faults.hpp"
#include "grader/cli/paths.hpp"
#include "grader/cli/submission_build.hpp"
#include "grader/cli/verb.hpp"
#include "runtime/net/local_cluster.hpp"
#ifdef DSLAB_HAS_LAB5_REAL
#include "labs/lab5-bank/real/bank_clients.hpp"
#endif

namespace {
namespace fs = std::filesystem;
using dslab::NodeId;
using dslab::cli::Fault;
using dslab::cli::NetworkFaults;
using dslab::net::LocalCluster;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::atomic<int> g_signal{0};
void on_signal(int signal) { g_signal.store(signal); }

cxxopts::Options make_options() {
  cxxopts::Options o("dslab cluster",
                     "Run a lab's nodes as real processes on loopback (ZeroMQ over TCP), inject faults, "
                     "watch them live and check the run.\n"
                     "usage: dslab cluster LAB [--replicas N] [--clients M] [--duration S] [--faults SPEC]\n"
                     "                         [--out DIR]\n"
                     "  lab5-bank: M closed-loop bank clients (one request outstanding each, retries,\n"
                     "  redirects followed); their history is checked for linearizability.\n"
                     + std::string(dslab::cli::kFaultSyntax) +
                     "Exit status: 0 when every check passed, 1 when one failed, 2 on bad input,\n"
                     "130/143 when stopped by Ctrl-C/SIGTERM (every node process is stopped first).");
  o.add_options()("lab", "lab id, e.g. lab2-detector", cxxopts::value<std::string>())(
      "replicas", "number of nodes", cxxopts::value<int>()->default_value("3"))(
      "clients", "lab5-bank: closed-loop clients", cxxopts::value<int>()->default_value("3"))(
      "batch-size", "lab5-bank: most commands per slot (1: no batching)",
      cxxopts::value<int>()->default_value("1"))(
      "batch-delay-us", "lab5-bank: longest a command waits for its batch (µs)",
      cxxopts::value<std::int64_t>()->default_value("0"))(
      "seed", "lab5-bank: the clients' operations", cxxopts::value<std::uint64_t>()->default_value("1"))(
      "duration", "seconds to run before the final checks", cxxopts::value<double>()->default_value("10"))(
      "faults", "fault schedule (see above)", cxxopts::value<std::string>()->default_value(""))(
      "out", "folder for cluster.toml, node logs, events and summary.json",
      cxxopts::value<std::string>()->default_value("dslab-cluster"))(
      "log-level", "the nodes' --log-level", cxxopts::value<std::string>()->default_value("info"))(
      "submission", "run these student files (a folder with one folder per lab): builds the node "
                    "program in <build-dir>/cluster/<lab> first; their code runs unsandboxed",
      cxxopts::value<std::string>())(
      "program", "the node program to run (default: bin/<labN>_node of the build)",
      cxxopts::value<std::string>())(
      "build-dir", "build tree holding bin/", cxxopts::value<std::string>())(
      "source", "source tree holding labs/", cxxopts::value<std::string>())("h,help", "show this help");
  o.parse_positional({"lab"});
  o.positional_help("LAB");
  return o;
}

/// "Trust(leader=3)" from an output's JSON view.
std::string compact(const dslab::codec::Json& output) {
  std::string fields;
  for (const auto& [key, value] : output.items()) {
    if (key == "type") continue;
    fields += (fields.empty() ? "" : ", ") + key + "=" + value.dump();
  }
  return output.value("type", std::string("?")) + "(" + fields + ")";
}

/// A lab's check of a finished run: empty when it holds, else why not.
using LabCheck = std::function<std::string(const LocalCluster&)>;

/// Lab 2: every running node trusts the highest running id.
std::string leader_agreement(const LocalCluster& cluster) {
  NodeId highest = 0;
  for (NodeId id : cluster.ids()) {
    if (cluster.running(id)) highest = std::max(highest, id);
  }
  for (NodeId id : cluster.ids()) {
    if (!cluster.running(id)) continue;
    const auto trust = cluster.last_output(id, "Trust");
    const NodeId leader = trust ? (*trust)["leader"].get<NodeId>() : 0;
    if (leader != highest) {
      return fmt::format("n{} trusts n{}, but the highest running node is n{}", id, leader, highest);
    }
  }
  return "";
}

std::optional<LabCheck> lab_check(const std::string& lab) {
  if (lab == "lab2-detector") return LabCheck(leader_agreement);
  return std::nullopt;
}

/// The live line; with `last_outputs`, each node's last output (lab 5's clients show their own
/// figures instead).
std::string live_line(const LocalCluster& cluster, double seconds, std::size_t faults_done,
                      std::size_t faults_total, bool last_outputs) {
  std::string line = fmt::format("{:6.1f}s ", seconds);
  std::size_t outputs = 0;
  std::uint64_t dropped = 0;
  for (const auto& e : cluster.events()) {
    if (e.json["event"] == "output") ++outputs;
    if (e.json["event"] == "dropped") ++dropped;
  }
  for (NodeId id : cluster.ids()) {
    const char* state = !cluster.running(id) ? "down" : cluster.paused(id) ? "paused" : "up";
    const auto out = last_outputs ? cluster.last_output(id) : std::nullopt;
    line += fmt::format(" | n{} {}", id, state);
    if (last_outputs) line += " " + (out ? compact(*out) : std::string("-"));
  }
  return line + fmt::format(" | outputs {}  malformed frames {}  faults {}/{}", outputs, dropped,
                            faults_done, faults_total);
}

void apply(LocalCluster& cluster, NetworkFaults& network, const Fault& f) {
  if (dslab::cli::is_network_fault(f)) network.apply(cluster, f);
  if (f.action == "kill") cluster.kill(f.node);
  if (f.action == "restart" && !cluster.running(f.node)) cluster.start(f.node);
  if (f.action == "pause") cluster.pause(f.node);
  if (f.action == "resume") cluster.resume(f.node);
}

/// The settings of one run, from the command line.
struct Run {
  std::string lab;
  fs::path program;
  int replicas = 3;
  milliseconds duration{10000};
  std::vector<Fault> faults;
  fs::path out;
  std::string log_level;
  int clients = 3;
  int batch_size = 1;
  std::int64_t batch_delay_us = 0;
  std::uint64_t seed = 1;
};

/// The lab's clients, when it has some (lab 5's bank clients): they do the waiting between
/// faults (reading the nodes' answers), add to the live line, and check their history at the end.
class Load {
 public:
  Load(LocalCluster& cluster, const Run& run) {
#ifdef DSLAB_HAS_LAB5_REAL
    if (run.lab == "lab5-bank" && run.clients > 0) {
      bank_ = std::make_unique<lab5::real::BankClients>(
          cluster, lab5::real::WorkloadOptions{.clients = run.clients, .seed = run.seed,
                                               .batch_size = run.batch_size,
                                               .batch_delay = run.batch_delay_us});
    }
#endif
    (void)cluster;
    (void)run;
  }
  bool active() const {
#ifdef DSLAB_HAS_LAB5_REAL
    return bank_ != nullptr;
#else
    return false;
#endif
  }
  /// Waits up to `left` (the clients run meanwhile), or until a signal arrives.
  void wait(LocalCluster& cluster, milliseconds left) {
#ifdef DSLAB_HAS_LAB5_REAL
    if (bank_) {
      bank_->run_until(Clock::now() + left, [] { return g_signal.load() != 0; });
      return;
    }
#endif
    cluster.wait_for([] { return g_signal.load() != 0; }, left);
  }
  /// " | 1234 ops/s  p50 1.2 ms  p99 4.0 ms  (answered 5678)" over the last `seconds`.
  std::string live(double seconds) {
#ifdef DSLAB_HAS_LAB5_REAL
    if (bank_) {
      const auto window = bank_->take_window();
      const auto& all = bank_->latencies();
      return fmt::format(" | {:.0f} ops/s  p50 {:.1f} ms  p99 {:.1f} ms so far  answered {}",
                         static_cast<double>(window.count()) / seconds, all.percentile(0.5) / 1000.0,
                         all.percentile(0.99) / 1000.0, bank_->answered());
    }
#endif
    (void)seconds;
    return "";
  }
  /// After the schedule: no new operations; every outstanding one gets up to 5 s to be answered
  /// (when a majority runs); then the history's check. Each failure as a line. Writes
  /// history.jsonl to `out`.
  std::vector<std::string> finish(LocalCluster& cluster, const fs::path& out) {
    std::vector<std::string> failures;
#ifdef DSLAB_HAS_LAB5_REAL
    if (!bank_) return failures;
    bank_->stop_new_operations();
    bank_->run_until(Clock::now() + milliseconds(5000),
                     [&] { return bank_->outstanding() == 0 || g_signal.load() != 0; });
    std::size_t running = 0;
    for (NodeId id : cluster.ids()) running += cluster.running(id) ? 1 : 0;
    if (bank_->outstanding() != 0 && 2 * running > cluster.ids().size()) {
      failures.push_back(fmt::format("{} operations still unanswered 5 s after the schedule, with {} of {} "
                                     "replicas running",
                                     bank_->outstanding(), running, cluster.ids().size()));
    }
    if (bank_->answered() == 0) failures.push_back("no client operation was answered");
    write_history(out / "history.jsonl");
    std::cout << fmt::format("checking {} operations for linearizability (bank model, per account)...\n",
                             bank_->history().size())
              << std::flush;
    if (auto why = bank_->check_linearizable(std::chrono::seconds(60)); !why.empty()) {
      failures.push_back(why);
    }
#endif
    (void)cluster;
    (void)out;
    return failures;
  }
  /// The clients' figures for summary.json (null without clients).
  dslab::codec::Json summary() const {
#ifdef DSLAB_HAS_LAB5_REAL
    if (bank_) {
      const auto& l = bank_->latencies();
      return {{"operations", bank_->history().size()}, {"answered", bank_->answered()},
              {"retries", bank_->retries()},           {"redirects", bank_->redirects()},
              {"latency_us", {{"mean", l.mean()}, {"p50", l.percentile(0.5)}, {"p99", l.percentile(0.99)},
                              {"max", l.max()}}}};
    }
#endif
    return nullptr;
  }

 private:
#ifdef DSLAB_HAS_LAB5_REAL
  void write_history(const fs::path& path) const {
    std::ofstream file(path);
    for (const auto& r : bank_->history()) {
      dslab::codec::Json line = {{"client", r.client}, {"seq", r.seq}, {"op", dslab::codec::to_json(r.op)},
                                 {"call_us", r.call}, {"sends", r.sends}};
      if (r.result) {
        line["result"] = dslab::codec::to_json(*r.result);
        line["ret_us"] = r.ret;
      }
      file << line.dump() << "\n";
    }
  }
  std::unique_ptr<lab5::real::BankClients> bank_;
#endif
};

/// Runs the schedule until the duration passes or a signal arrives. Returns the signal, or 0.
int run_schedule(LocalCluster& cluster, const Run& run, Load& load, NetworkFaults& network) {
  const auto start = Clock::now();
  std::size_t next_fault = 0;
  auto next_line = start + std::chrono::seconds(1);
  const auto end = start + run.duration;
  while (g_signal.load() == 0 && Clock::now() < end) {
    const auto now = Clock::now();
    while (next_fault < run.faults.size() && start + run.faults[next_fault].at <= now) {
      const Fault& f = run.faults[next_fault++];
      std::cout << fmt::format("{:6.1f}s  fault: {}\n", std::chrono::duration<double>(now - start).count(),
                               dslab::cli::describe(f));
      apply(cluster, network, f);
    }
    if (now >= next_line) {
      std::cout << live_line(cluster, std::chrono::duration<double>(now - start).count(), next_fault,
                             run.faults.size(), !load.active())
                << load.live(1.0) << std::endl;
      network.resend(cluster);  // a restarted node starts without them
      next_line += std::chrono::seconds(1);
    }
    auto wake = std::min(next_line, end);
    if (next_fault < run.faults.size()) wake = std::min(wake, start + run.faults[next_fault].at);
    const auto left = std::chrono::duration_cast<milliseconds>(wake - Clock::now()) + milliseconds(1);
    load.wait(cluster, std::max(left, milliseconds(1)));
  }
  return g_signal.load();
}

/// The checks of a finished run: each failure as a line.
std::vector<std::string> final_checks(LocalCluster& cluster, const Run& run, Load& load,
                                      NetworkFaults& network) {
  std::vector<std::string> failures;
  for (const auto& exit : cluster.unexpected_exits()) {
    failures.push_back("a node process ended on its own (not a scheduled fault): " + exit);
  }
  for (NodeId id : cluster.ids()) {
    if (!cluster.running(id)) continue;
    const auto events = cluster.current_events(id);
    const bool ready = std::any_of(events.begin(), events.end(),
                                   [](const auto& e) { return e["event"] == "ready"; });
    if (!ready) failures.push_back(fmt::format("n{} never reported that it was listening", id));
  }
  if (auto check = lab_check(run.lab); check && failures.empty()) {
    // After the faults: resume paused nodes, heal the network and give the cluster up to 5 s
    // to settle.
    for (NodeId id : cluster.ids()) cluster.resume(id);
    network.heal(cluster);
    std::string why;
    cluster.wait_for([&] { return (why = (*check)(cluster)).empty() || g_signal.load() != 0; },
                     milliseconds(5000));
    if (!why.empty()) failures.push_back(run.lab + " check, 5 s after the schedule: " + why);
  } else if (!check && !load.active()) {
    std::cout << "(no lab check for " << run.lab << " yet: only the processes' health is checked)\n";
  }
  if (load.active() && failures.empty()) {
    for (NodeId id : cluster.ids()) cluster.resume(id);
    network.heal(cluster);
    for (auto& f : load.finish(cluster, run.out)) failures.push_back(run.lab + " clients: " + f);
  }
  return failures;
}

void write_summary(const LocalCluster& cluster, const Run& run, const std::vector<std::string>& failures,
                   int signal, const Load& load) {
  dslab::codec::Json summary = {{"lab", run.lab},          {"replicas", run.replicas},
                                {"program", run.program.string()}, {"passed", failures.empty() && signal == 0},
                                {"failures", failures},    {"signal", signal},
                                {"pids", cluster.started_pids()}};
  dslab::codec::Json nodes = dslab::codec::Json::object();
  for (NodeId id : cluster.ids()) {
    std::size_t outputs = 0;
    for (const auto& e : cluster.events()) {
      if (e.node == id && e.json["event"] == "output") ++outputs;
    }
    const auto out = cluster.last_output(id);
    nodes[std::to_string(id)] = {{"outputs", outputs}, {"last_output", out ? *out : nullptr}};
  }
  summary["nodes"] = nodes;
  summary["clients"] = load.summary();
  std::ofstream(run.out / "summary.json") << summary.dump(2) << "\n";
}

/// The labs whose student files a lab's node program is built from too: lab 5's bank runs over
/// the student's own lab 4 replica.
std::vector<std::string> lab_dependencies(const std::string& lab) {
  if (lab == "lab5-bank") return {"lab4-multipaxos"};
  return {};
}

/// Reads the command line into `run`; an exit status when there is nothing to run.
std::optional<int> parse_run(int argc, char** argv, Run& run) {
  auto o = make_options();
  const auto args = o.parse(argc, argv);
  if (args.count("help") != 0U) {
    std::cout << o.help() << "\n";
    return 0;
  }
  if (args.count("lab") == 0U) {
    std::cerr << "dslab cluster: LAB is required, e.g. dslab cluster lab2-detector (dslab cluster --help)\n";
    return 2;
  }
  run.lab = args["lab"].as<std::string>();
  run.replicas = args["replicas"].as<int>();
  if (run.replicas < 1 || run.replicas > 15) {
    std::cerr << "dslab cluster: --replicas must be 1..15\n";
    return 2;
  }
  const double seconds = args["duration"].as<double>();
  if (!(seconds > 0 && seconds <= 86400)) {
    std::cerr << "dslab cluster: --duration must be a number of seconds in (0, 86400]\n";
    return 2;
  }
  run.duration = milliseconds(static_cast<std::int64_t>(seconds * 1000));
  run.faults = dslab::cli::parse_faults(args["faults"].as<std::string>(), run.replicas);
  run.out = args["out"].as<std::string>();
  run.log_level = args["log-level"].as<std::string>();
  run.clients = args["clients"].as<int>();
  run.batch_size = args["batch-size"].as<int>();
  run.batch_delay_us = args["batch-delay-us"].as<std::int64_t>();
  run.seed = args["seed"].as<std::uint64_t>();
  if (run.clients < 0 || run.clients > 1000 || run.batch_size < 1 || run.batch_size > 100000 ||
      run.batch_delay_us < 0 || run.batch_delay_us > 10'000'000) {
    std::cerr << "dslab cluster: --clients must be 0..1000, --batch-size 1..100000, --batch-delay-us "
                 "0..10000000\n";
    return 2;
  }
  const fs::path source = dslab::cli::source_root(args.count("source") != 0U ? args["source"].as<std::string>() : "");
  const fs::path build = dslab::cli::build_root(args.count("build-dir") != 0U ? args["build-dir"].as<std::string>() : "");
  if (!fs::exists(source / "labs" / run.lab / "lab.toml")) {
    std::cerr << "dslab cluster: no lab " << run.lab << " in " << (source / "labs").string() << "\n";
    return 2;
  }
  const std::string target = run.lab.substr(0, run.lab.find('-')) + "_node";
  if (args.count("program") != 0U) {
    run.program = args["program"].as<std::string>();
  } else if (args.count("submission") != 0U) {
    const fs::path bin = dslab::cli::build_on_submission({.verb = "cluster", .source = source, .build_root = build,
                                                          .lab = run.lab,
                                                          .submission = args["submission"].as<std::string>(),
                                                          .target = target, .build_type = "",
                                                          .with_labs = lab_dependencies(run.lab)});
    if (bin.empty()) return 2;
    run.program = bin / target;
  } else {
    run.program = build / "bin" / target;
  }
  if (!fs::exists(run.program)) {
    std::cerr << "dslab cluster: node program " << run.program.string() << " not found (build the target "
              << target << " first)\n";
    return 2;
  }
  return std::nullopt;
}

int cluster_main(int argc, char** argv) {
  Run run;
  try {
    if (auto status = parse_run(argc, argv, run)) return *status;
  } catch (const std::exception& e) {
    std::cerr << "dslab cluster: " << e.what() << " (dslab cluster --help)\n";
    return 2;
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  try {
    fs::create_directories(run.out);
    for (const auto& entry : fs::directory_iterator(run.out)) {  // a previous run's storage and logs
      const std::string name = entry.path().filename().string();
      if (name.rfind("data-", 0) == 0 || name.rfind("node-", 0) == 0) fs::remove_all(entry.path());
    }
    LocalCluster cluster({.program = run.program, .replicas = run.replicas, .work_dir = run.out,
                          .log_level = run.log_level});
    cluster.start_all();
    std::cout << fmt::format("dslab cluster: {} nodes of {} running ({}), logs in {}\n", run.replicas,
                             run.lab, run.program.filename().string(), run.out.string())
              << std::flush;
    Load load(cluster, run);
    NetworkFaults network(cluster);
    const int signal = run_schedule(cluster, run, load, network);
    std::vector<std::string> failures;
    if (signal == 0) failures = final_checks(cluster, run, load, network);
    for (NodeId id : cluster.ids()) {
      if (cluster.running(id)) cluster.terminate(id, milliseconds(2000));
    }
    cluster.stop_all();
    write_summary(cluster, run, failures, signal, load);
    if (signal != 0) {
      std::cout << "dslab cluster: stopped by signal " << signal << "; every node process is stopped\n";
      return 128 + signal;
    }
    for (const auto& f : failures) std::cout << "FAIL " << f << "\n";
    std::cout << (failures.empty() ? "PASS " : "FAILED ") << run.lab << ": " << run.replicas << " nodes, "
              << run.faults.size() << " faults; summary in " << (run.out / "summary.json").string() << "\n";
    return failures.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "dslab cluster: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

const dslab::cli::Registration registration{
    {"cluster", "run a lab's nodes as real processes on loopback, with faults and live status", cluster_main}};
