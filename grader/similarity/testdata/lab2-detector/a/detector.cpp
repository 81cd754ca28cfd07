// Lab 2 detector, independent implementation A of the similarity tests: set lookups with count().
#include "detector.hpp"

#include <algorithm>

namespace lab2 {

void Detector::reset(std::span<const NodeId> nodes) {
  nodes_ = std::vector<NodeId>(nodes.begin(), nodes.end());
  std::sort(nodes_.begin(), nodes_.end());
  suspected_ = {};
  delay_ = kInitialDelay;
}

Changes Detector::on_timeout(const std::set<NodeId>& alive) {
  const bool false_suspicion = std::any_of(alive.begin(), alive.end(), [this](NodeId n) {
    return suspected_.count(n) > 0;
  });
  if (false_suspicion) delay_ = delay_ + kDelta;
  Changes result;
  for (const NodeId n : nodes_) {
    if (alive.count(n) == 0) {
      if (suspected_.insert(n).second) result.suspected.push_back(n);
    } else if (suspected_.erase(n) == 1) {
      result.restored.push_back(n);
    }
  }
  return result;
}

}  // namespace lab2
