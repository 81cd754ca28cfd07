// The node program's command line (cxxopts), its logger and its event stream: what every lab's
// node program shares, whatever the node type.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/codec/view.hpp"
#include "runtime/net/cluster.hpp"
#include "runtime/node/types.hpp"

namespace dslab::net {

/// How much the node writes to stderr.
enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

/// Parses "error", "warn", "info", "debug"; nullopt otherwise.
std::optional<LogLevel> parse_log_level(std::string_view text);

/// What the node program was asked to do.
struct NodeOptions {
  NodeId id = 0;
  std::filesystem::path cluster_file;
  ClusterConfig cluster;
  std::filesystem::path data_dir = ".";
  LogLevel log_level = LogLevel::kInfo;
  std::uint64_t seed = 0;             ///< the node's random stream (default: its id)
  Duration leader_timeout = msec(300);  ///< the runtime leader detector's timeout
  /// fsync stable storage before a handler's messages leave (--sync fsync, the default); false
  /// (--sync none, benchmarks): storage survives kill -9 of the process, not a machine crash.
  bool sync = true;
};

/// Parses the command line. Returns the options, or an exit status after printing --help (0)
/// or a one-line error with a hint to stderr (2). `lab` and `what` appear in --help.
std::variant<NodeOptions, int> parse_node_options(int argc, char** argv, std::string_view lab,
                                                  bool has_leader_detector);

/// µs on the monotonic clock since the process started: a node's now().
Time process_now();

/// The node's stderr log and stdout event stream (JSON lines, flushed per line). Not
/// thread-safe.
class NodeLog {
 public:
  NodeLog(NodeId self, LogLevel level) : self_(self), level_(level) {}

  bool enabled(LogLevel level) const { return level <= level_; }
  /// "[   12.345ms n1 info ] text" on stderr, when `level` is enabled.
  void line(LogLevel level, std::string_view text) const;
  /// One JSON line on stdout: {"event": kind, "node": self, "t_us": now, ...fields}.
  void event(std::string_view kind, codec::Json fields = codec::Json::object()) const;

 private:
  NodeId self_;
  LogLevel level_;
};

/// Installs SIGINT/SIGTERM handlers that make `stop_fd()` readable (a self-pipe), and ignores
/// SIGPIPE. Call once per process.
void install_stop_signals();
/// Readable once SIGINT or SIGTERM arrived; -1 before install_stop_signals().
int stop_fd();
/// The signal that asked to stop, 0 if none.
int stop_signal();

}  // namespace dslab::net
