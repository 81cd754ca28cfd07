// Lab 2 detector, independent implementation C of the similarity tests: sorted-range algorithms.
#include "detector.hpp"

#include <algorithm>
#include <iterator>

namespace lab2 {

void Detector::reset(std::span<const NodeId> nodes) {
  nodes_.assign(nodes.begin(), nodes.end());
  std::sort(nodes_.begin(), nodes_.end());
  nodes_.erase(std::unique(nodes_.begin(), nodes_.end()), nodes_.end());
  suspected_.clear();
  delay_ = kInitialDelay;
}

Changes Detector::on_timeout(const std::set<NodeId>& alive) {
  std::vector<NodeId> wrongly;
  std::set_intersection(alive.begin(), alive.end(), suspected_.begin(), suspected_.end(),
                        std::back_inserter(wrongly));
  if (!wrongly.empty()) delay_ += kDelta;
  std::vector<NodeId> silent;
  std::set_difference(nodes_.begin(), nodes_.end(), alive.begin(), alive.end(),
                      std::back_inserter(silent));
  Changes changes;
  std::set_difference(silent.begin(), silent.end(), suspected_.begin(), suspected_.end(),
                      std::back_inserter(changes.suspected));
  changes.restored = wrongly;
  suspected_.insert(changes.suspected.begin(), changes.suspected.end());
  for (NodeId n : changes.restored) suspected_.erase(n);
  return changes;
}

}  // namespace lab2
