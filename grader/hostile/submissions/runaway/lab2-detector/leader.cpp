// Lab 2, student-owned: the leader rule (highest id not suspected; notify only on a change).
#include "leader.hpp"

namespace lab2 {

void Leader::reset(std::span<const NodeId> nodes) {
  nodes_.assign(nodes.begin(), nodes.end());
  leader_ = kUnknownLeader;
}

std::optional<NodeId> Leader::on_suspected_changed(const std::set<NodeId>& suspected) {
  NodeId best = kUnknownLeader;
  for (NodeId p : nodes_) {
    if (!suspected.contains(p) && p > best) best = p;
  }
  if (best == leader_) return std::nullopt;
  leader_ = best;
  return best;
}

}  // namespace lab2
