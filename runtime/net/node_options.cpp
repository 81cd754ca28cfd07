// The node program's options, logger, event stream, clock and stop signals.
#include "runtime/net/node_options.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cxxopts.hpp>
#include <fmt/format.h>

namespace dslab::net {
namespace {

const auto kProcessStart = std::chrono::steady_clock::now();
int g_stop_pipe[2] = {-1, -1};
std::atomic<int> g_stop_signal{0};

void on_stop(int signal) {
  g_stop_signal.store(signal);
  const char byte = 1;
  [[maybe_unused]] const auto n = ::write(g_stop_pipe[1], &byte, 1);
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kError: return "error";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kInfo: return "info";
    case LogLevel::kDebug: return "debug";
  }
  return "?";
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) {
  for (LogLevel l : {LogLevel::kError, LogLevel::kWarn, LogLevel::kInfo, LogLevel::kDebug}) {
    if (text == level_name(l)) return l;
  }
  return std::nullopt;
}

Time process_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               kProcessStart)
      .count();
}

std::variant<NodeOptions, int> parse_node_options(int argc, char** argv, std::string_view lab,
                                                  bool has_leader_detector) {
  const std::string program = argc > 0 ? argv[0] : "node";
  cxxopts::Options spec(program, fmt::format(
      "One node of {} on a real network (ZeroMQ over TCP): the same node code as in the "
      "simulator, with the wall clock, real sockets and stable storage in a file.\n"
      "Outputs go to stdout as JSON lines; the log goes to stderr.{}",
      lab, has_leader_detector
               ? "\nLeader notifications come from the runtime's heartbeat leader detector."
               : ""));
  spec.add_options()
      ("id", "this node's id (1..n, as in the cluster file)", cxxopts::value<int>())
      ("cluster", "cluster file (TOML): [[node]] id = 1, address = \"127.0.0.1:7001\" per node",
       cxxopts::value<std::string>())
      ("data-dir", "folder of the stable storage file node-<id>.storage (created if missing)",
       cxxopts::value<std::string>()->default_value("."))
      ("log-level", "error, warn, info or debug", cxxopts::value<std::string>()->default_value("info"))
      ("seed", "seed of the node's random stream (default: its id)", cxxopts::value<std::uint64_t>())
      ("leader-timeout-ms", "leader detector: silence (ms) after which a peer is not trusted",
       cxxopts::value<int>()->default_value("300"))
      ("sync", "fsync: stable storage is synced before a handler's messages leave; none: not "
               "synced (survives kill -9, not a machine crash; for benchmarks)",
       cxxopts::value<std::string>()->default_value("fsync"))
      ("h,help", "print this help");
  auto fail = [&](const std::string& message) {
    std::fprintf(stderr, "%s: %s\n(run %s --help for the options)\n", program.c_str(),
                 message.c_str(), program.c_str());
    return 2;
  };
  try {
    const auto args = spec.parse(argc, argv);
    if (args.count("help")) {
      std::fputs(spec.help().c_str(), stdout);
      return 0;
    }
    if (!args.unmatched().empty()) return fail("unexpected argument '" + args.unmatched()[0] + "'");
    if (!args.count("id")) return fail("--id is required");
    if (!args.count("cluster")) return fail("--cluster is required");
    NodeOptions options;
    options.id = args["id"].as<int>();
    options.cluster_file = args["cluster"].as<std::string>();
    options.cluster = load_cluster(options.cluster_file);
    if (options.cluster.nodes.count(options.id) == 0) {
      return fail(fmt::format("--id {} is not in {} (ids 1..{})", options.id,
                              options.cluster_file.string(), options.cluster.nodes.size()));
    }
    options.data_dir = args["data-dir"].as<std::string>();
    const auto level = parse_log_level(args["log-level"].as<std::string>());
    if (!level) return fail("--log-level must be error, warn, info or debug");
    options.log_level = *level;
    options.seed = args.count("seed") ? args["seed"].as<std::uint64_t>()
                                      : static_cast<std::uint64_t>(options.id);
    const int timeout_ms = args["leader-timeout-ms"].as<int>();
    if (timeout_ms < 10 || timeout_ms > 60'000) return fail("--leader-timeout-ms must be 10..60000");
    options.leader_timeout = msec(timeout_ms);
    const std::string sync = args["sync"].as<std::string>();
    if (sync != "fsync" && sync != "none") return fail("--sync must be fsync or none");
    options.sync = sync == "fsync";
    return options;
  } catch (const cxxopts::exceptions::exception& e) {
    return fail(e.what());
  } catch (const ClusterError& e) {
    return fail(e.what());
  }
}

void NodeLog::line(LogLevel level, std::string_view text) const {
  if (!enabled(level)) return;
  const std::string rendered = fmt::format("[{:>12} n{} {:<5}] {}\n", format_time(process_now()),
                                           self_, level_name(level), text);
  std::fputs(rendered.c_str(), stderr);
}

void NodeLog::event(std::string_view kind, codec::Json fields) const {
  codec::Json line = codec::Json::object();
  line["event"] = kind;
  line["node"] = self_;
  line["t_us"] = process_now();
  for (auto& [key, value] : fields.items()) line[key] = value;
  const std::string text = line.dump() + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void install_stop_signals() {
  if (g_stop_pipe[0] >= 0) return;
  if (::pipe2(g_stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
  struct sigaction action {};
  action.sa_handler = on_stop;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

int stop_fd() { return g_stop_pipe[0]; }
int stop_signal() { return g_stop_signal.load(); }

}  // namespace dslab::net
