// Lab 2, student-owned: the monarchical eventual leader detector (algorithm 2.8 adapted) as a
// pure class: the leader is the highest id not suspected.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <vector>

#include "labs/lab2-detector/api/protocol.hpp"

namespace lab2 {

/// The leader rule. A value type. Not thread-safe.
class Leader {
 public:
  /// Starts over for a cluster of `nodes`; the leader is kUnknownLeader until the first call
  /// of on_suspected_changed.
  void reset(std::span<const NodeId> nodes);

  /// The suspected set is now `suspected`. Returns the new leader (the highest id of the cluster
  /// not in `suspected`, kUnknownLeader when every node is suspected) if it differs from the
  /// current one; nothing otherwise.
  std::optional<NodeId> on_suspected_changed(const std::set<NodeId>& suspected);

  /// The current leader (kUnknownLeader before the first call).
  NodeId leader() const { return leader_; }

 private:
  std::vector<NodeId> nodes_;
  NodeId leader_ = kUnknownLeader;
  DSLAB_STATE(Leader, nodes_, leader_)
};

}  // namespace lab2
