// The simulated network's fault model: latency distribution, drop / duplicate / delay-spike
// ratios, and the link matrix that partitions (symmetric or one-way) cut.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "runtime/node/types.hpp"
#include "runtime/random/random.hpp"

namespace dslab::sim {

/// How the network treats messages between distinct nodes. Self-sends are never dropped,
/// duplicated or partitioned; they take min_latency.
struct NetworkConfig {
  Duration min_latency = msec(1);    ///< uniform latency in [min_latency, max_latency]
  Duration max_latency = msec(10);
  random::Ratio drop{0, 1};          ///< probability a message is lost
  random::Ratio duplicate{0, 1};     ///< probability a message is delivered twice
  random::Ratio spike{0, 1};         ///< probability of an extra delay (reorders messages)
  Duration spike_max = msec(200);    ///< extra delay drawn from [0, spike_max]
  /// Self-addressed messages face the same drops, duplicates and delays as any other (a test
  /// asks for it; off: delivered after min_latency, always). Partitions never cut a node off
  /// from itself. swarm() leaves it off.
  bool faulty_self = false;

  /// A reliable network: no drops, duplicates or spikes.
  static NetworkConfig reliable() { return {}; }
  /// Settings drawn from the seed (swarm testing): each fault kind on or off, with its rate and
  /// the latency range chosen at random within sane bounds.
  static NetworkConfig swarm(random::Rng& rng);
  /// "latency 1-10ms, drop 1/100, ..." for reports.
  std::string describe() const;
};

/// Which directed links are cut. Nodes are 1..n. Not thread-safe.
class Links {
 public:
  explicit Links(int nodes = 0);
  /// Cuts every link between different groups (both directions). Adds to the cuts already in
  /// place (links inside a group are not restored): heal() first to replace a partition.
  /// Nodes not in any group are isolated from everyone.
  void partition(const std::vector<std::set<NodeId>>& groups);
  /// Cuts the one-way link from -> to.
  void block(NodeId from, NodeId to);
  /// Restores every link.
  void heal();
  /// Whether a message from `from` to `to` gets through now.
  bool connected(NodeId from, NodeId to) const;
  bool any_cut() const { return cut_count_ > 0; }

 private:
  void set(NodeId from, NodeId to, bool cut);
  int nodes_;
  std::vector<bool> cut_;  // (from-1)*nodes + (to-1)
  int cut_count_ = 0;
};

}  // namespace dslab::sim
