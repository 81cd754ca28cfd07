// Lab 2 leader rule, independent implementation B of the similarity tests: sorted high to low.
#include "leader.hpp"

#include <algorithm>
#include <functional>

namespace lab2 {

void Leader::reset(std::span<const NodeId> nodes) {
  nodes_.clear();
  for (std::size_t i = 0; i < nodes.size(); ++i) nodes_.push_back(nodes[i]);
  std::sort(nodes_.begin(), nodes_.end(), std::greater<NodeId>());
  leader_ = kUnknownLeader;
}

std::optional<NodeId> Leader::on_suspected_changed(const std::set<NodeId>& suspected) {
  // nodes_ runs from the highest id down: the first one not suspected leads.
  NodeId next = kUnknownLeader;
  std::size_t i = 0;
  while (i < nodes_.size()) {
    if (suspected.find(nodes_[i]) == suspected.end()) {
      next = nodes_[i];
      break;
    }
    ++i;
  }
  if (next != leader_) {
    leader_ = next;
    return std::optional<NodeId>(next);
  }
  return std::nullopt;
}

}  // namespace lab2
