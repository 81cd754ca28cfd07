// `dslab cluster --faults SPEC`: the fault schedule (process faults: kill -9, restart, pause,
// resume; network faults through the nodes' transports: partition, drop, delay, heal) and the
// network faults' state, sent to the nodes as fault frames (runtime/net/faults.hpp).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "runtime/net/faults.hpp"
#include "runtime/net/local_cluster.hpp"

namespace dslab::cli {

/// One scheduled fault.
struct Fault {
  std::chrono::milliseconds at{0};
  std::string action;  ///< kill, restart, pause, resume, partition, drop, delay, heal
  NodeId node = 0;     ///< kill .. resume, drop, delay
  std::vector<std::vector<NodeId>> groups;  ///< partition: each group cut from the others
  int value = 0;       ///< drop: per cent of frames lost; delay: ms
};

/// The SPEC syntax, for --help.
inline constexpr const char* kFaultSyntax =
    "  SPEC: comma-separated faults, each at @SECONDS after the start:\n"
    "    kill:N@S (kill -9)  restart:N@S  pause:N@S (SIGSTOP)  resume:N@S (SIGCONT)\n"
    "    partition:1+2/3@S  (nodes 1 and 2 cut from 3; unlisted nodes keep their links)\n"
    "    drop:N:PERCENT@S   (node N loses that share of what it sends to peers)\n"
    "    delay:N:MS@S       (node N holds what it sends to peers for MS ms)\n"
    "    heal@S             (ends every partition, drop and delay)\n"
    "  e.g. --faults kill:3@2,restart:3@5   --faults partition:1+2/3@1,heal@4\n";

/// Parses SPEC for a cluster of `replicas` nodes, sorted by time; throws std::invalid_argument
/// with a one-line reason naming the bad item.
std::vector<Fault> parse_faults(const std::string& spec, int replicas);

/// "kill n3", "partition 1+2/3", "drop n2 30%", "delay n2 50 ms", "heal": for the live output.
std::string describe(const Fault& f);

/// True for the faults the network carries out (partition, drop, delay, heal).
bool is_network_fault(const Fault& f);

/// The network faults in force, per node. Each change is sent to the nodes at once, and
/// everything again on resend() (a restarted node starts with none; a frame may be lost).
/// Not thread-safe.
class NetworkFaults {
 public:
  explicit NetworkFaults(const net::LocalCluster& cluster);
  /// Applies a network fault (is_network_fault(f)) and tells the nodes.
  void apply(const net::LocalCluster& cluster, const Fault& f);
  /// Ends every network fault and tells the nodes.
  void heal(const net::LocalCluster& cluster);
  /// Sends every running node its faults again.
  void resend(const net::LocalCluster& cluster);
  bool any() const { return !faults_.empty(); }

 private:
  net::FaultInjector injector_;
  std::map<NodeId, net::NetFaults> faults_;
};

}  // namespace dslab::cli
