// Lab 2 leader rule, independent implementation A of the similarity tests: a running maximum.
#include "leader.hpp"

#include <algorithm>

namespace lab2 {

void Leader::reset(std::span<const NodeId> nodes) {
  nodes_ = std::vector<NodeId>(nodes.begin(), nodes.end());
  leader_ = kUnknownLeader;
}

std::optional<NodeId> Leader::on_suspected_changed(const std::set<NodeId>& suspected) {
  NodeId candidate = kUnknownLeader;
  for (const NodeId n : nodes_) {
    if (suspected.count(n) == 0) candidate = std::max(candidate, n);
  }
  if (candidate == leader_) return {};
  leader_ = candidate;
  return leader_;
}

}  // namespace lab2
