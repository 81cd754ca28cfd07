// Lab 2, student-owned: the timeout procedure of the eventually perfect failure detector.
#include "detector.hpp"

namespace lab2 {

void Detector::reset(std::span<const NodeId> nodes) {
  nodes_.assign(nodes.begin(), nodes.end());
  suspected_.clear();
  delay_ = kInitialDelay;
}

Changes Detector::on_timeout(const std::set<NodeId>& alive) {
  // A node we suspect answered: the suspicion was false, so the delay was too short.
  for (NodeId p : alive) {
    if (suspected_.contains(p)) {
      delay_ += kDelta;
      break;
    }
  }
  Changes changes;
  for (NodeId p : nodes_) {
    const bool is_alive = alive.contains(p);
    const bool is_suspected = suspected_.contains(p);
    if (!is_alive && !is_suspected) {
      suspected_.insert(p);
      changes.suspected.push_back(p);
    } else if (is_alive && is_suspected) {
      suspected_.erase(p);
      changes.restored.push_back(p);
    }
  }
  return changes;
}

}  // namespace lab2
