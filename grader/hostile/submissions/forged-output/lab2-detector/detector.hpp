// Lab 2, student-owned: the eventually perfect failure detector with increasing timeout
// (Cachin, Guerraoui, Rodrigues, algorithm 2.7) as a pure class: no context, no messages.
#pragma once

#include <set>
#include <span>
#include <vector>

#include "labs/lab2-detector/api/protocol.hpp"

namespace lab2 {

/// What one run of the timeout procedure changed.
struct Changes {
  std::vector<NodeId> suspected;  ///< nodes newly suspected, ascending
  std::vector<NodeId> restored;   ///< nodes no longer suspected, ascending
  DSLAB_STATE(Changes, suspected, restored)
};

/// The detector's state and its timeout procedure. A value type. Not thread-safe.
class Detector {
 public:
  /// Starts over for a cluster of `nodes`: nothing suspected, delay = kInitialDelay.
  void reset(std::span<const NodeId> nodes);

  /// The timeout procedure. `alive` holds the nodes whose HeartbeatReply arrived since the
  /// previous timeout (at the first timeout: every node). If a node is both alive and suspected,
  /// the delay grows by kDelta (once per call); then every node not alive and not suspected
  /// becomes suspected, and every node alive and suspected is restored.
  /// Pre: reset() was called. Post: suspected() reflects the changes returned.
  Changes on_timeout(const std::set<NodeId>& alive);

  /// The delay until the next timeout.
  Duration delay() const { return delay_; }
  /// The nodes suspected now.
  const std::set<NodeId>& suspected() const { return suspected_; }

 private:
  std::vector<NodeId> nodes_;
  std::set<NodeId> suspected_;
  Duration delay_ = kInitialDelay;
  DSLAB_STATE(Detector, nodes_, suspected_, delay_)
};

}  // namespace lab2
