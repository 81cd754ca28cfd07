// A cluster of node processes on this machine, for trusted tests and `dslab cluster`: writes
// the cluster file (free loopback ports), starts, kills (-9), pauses (SIGSTOP/SIGCONT) and
// restarts nodes, reads their event streams (JSON lines on stdout) with deadlines, keeps each
// node's stderr log in a file, and kills every process it started when it goes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/codec/view.hpp"
#include "runtime/net/cluster.hpp"

namespace dslab::net {

/// How to run the cluster.
struct LocalClusterOptions {
  std::filesystem::path program;   ///< the lab's node program
  int replicas = 3;
  std::filesystem::path work_dir;  ///< cluster.toml, data-<id>/, node-<id>.log, node-<id>.events
  std::string log_level = "info";
  std::vector<std::string> extra_args = {};  ///< appended to every node's command line
};

/// One line of a node's event stream.
struct NodeEvent {
  NodeId node = 0;
  int incarnation = 0;  ///< 1 for the first start, 2 after the first restart, ...
  codec::Json json;     ///< {"event": ..., "node": ..., "t_us": ..., ...}
};

/// The processes of one local cluster. Not thread-safe; use from the thread that made it (the
/// nodes die with that thread: PR_SET_PDEATHSIG).
class LocalCluster {
 public:
  /// Picks free ports and writes work_dir/cluster.toml. Starts nothing.
  explicit LocalCluster(LocalClusterOptions options);
  ~LocalCluster();
  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;

  /// Starts node `id` (again, after a kill: a restart with its storage).
  void start(NodeId id);
  void start_all();
  /// Sends SIGKILL and reaps the node (a crash). Harmless if it is not running.
  void kill(NodeId id);
  /// SIGSTOP / SIGCONT.
  void pause(NodeId id);
  void resume(NodeId id);
  /// SIGTERM, and waits up to `timeout` for the exit (then SIGKILL). Returns the exit status.
  int terminate(NodeId id, std::chrono::milliseconds timeout);
  /// Kills every running node and reaps it.
  void stop_all();

  bool running(NodeId id) const;
  /// Node `id`'s pid while it runs, else -1.
  pid_t pid(NodeId id) const { return procs_.at(id).pid; }
  bool paused(NodeId id) const;
  /// Every pid this cluster ever started.
  const std::vector<pid_t>& started_pids() const { return started_; }
  const ClusterConfig& config() const { return config_; }
  const std::filesystem::path& cluster_file() const { return cluster_file_; }
  std::vector<NodeId> ids() const { return config_.ids(); }

  /// Reads the nodes' event streams until `done()` holds (checked after every batch of lines,
  /// and first) or `timeout` passes. Returns whether it held. Notices nodes that exited.
  bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout);
  /// Every event so far, in the order they were read (but those a listener declined to keep).
  const std::vector<NodeEvent>& events() const { return events_; }
  /// Called with every event as it is read (from wait_for, kill, terminate); an event it returns
  /// false for is not kept in events() (a load generator's answers: memory stays flat). One
  /// listener at a time; an empty function removes it.
  void set_listener(std::function<bool(const NodeEvent&)> listener) { listener_ = std::move(listener); }
  /// Events of node `id` in its current (or last) incarnation.
  std::vector<codec::Json> current_events(NodeId id) const;
  /// The last output node `id` gave in its current (or last) incarnation, of `type` when not
  /// empty (e.g. "Trust"); nothing if there is none.
  std::optional<codec::Json> last_output(NodeId id, std::string_view type = "") const;
  /// The first output of `type` (any when empty) node `id` gave in any incarnation.
  std::optional<codec::Json> first_output(NodeId id, std::string_view type = "") const;
  /// Exit statuses of node processes that ended without being killed by us ("n2: exited with
  /// code 3"), for failure messages.
  const std::vector<std::string>& unexpected_exits() const { return unexpected_exits_; }
  /// The last `lines` lines of node `id`'s stderr log.
  std::string log_tail(NodeId id, int lines = 20) const;

 private:
  struct Proc {
    pid_t pid = -1;
    int out_fd = -1;       ///< read end of the node's stdout
    std::string pending;   ///< a partial line
    int incarnation = 0;
    bool paused = false;
    bool killed = false;   ///< we killed it: its exit is expected
    std::shared_ptr<std::ofstream> events_file;  ///< node-<id>.events (every incarnation)
  };
  void read_ready(std::chrono::milliseconds timeout);
  void drain(NodeId id, Proc& proc);
  void reap(NodeId id, Proc& proc, bool expected);

  LocalClusterOptions options_;
  ClusterConfig config_;
  std::filesystem::path cluster_file_;
  std::map<NodeId, Proc> procs_;
  std::vector<pid_t> started_;
  std::vector<NodeEvent> events_;
  std::function<bool(const NodeEvent&)> listener_;
  std::vector<std::string> unexpected_exits_;
};

}  // namespace dslab::net
