// Lab 2 detector, independent implementation B of the similarity tests: index loops, a helper.
#include "detector.hpp"

namespace lab2 {

namespace {

bool member(const std::set<NodeId>& s, NodeId id) { return s.find(id) != s.end(); }

}  // namespace

void Detector::reset(std::span<const NodeId> nodes) {
  nodes_.clear();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes_.push_back(nodes[i]);
  }
  suspected_.clear();
  delay_ = kInitialDelay;
}

Changes Detector::on_timeout(const std::set<NodeId>& alive) {
  bool grow = false;
  std::set<NodeId>::const_iterator it = alive.begin();
  while (it != alive.end() && !grow) {
    grow = member(suspected_, *it);
    ++it;
  }
  if (grow) {
    delay_ += kDelta;
  }
  std::vector<NodeId> newly_suspected;
  std::vector<NodeId> newly_restored;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const NodeId id = nodes_[i];
    const bool heard = member(alive, id);
    const bool doubted = member(suspected_, id);
    if (heard == doubted) {
      if (heard) {
        newly_restored.push_back(id);
      } else {
        newly_suspected.push_back(id);
      }
    }
  }
  for (NodeId id : newly_suspected) suspected_.insert(id);
  for (NodeId id : newly_restored) suspected_.erase(id);
  Changes out;
  out.suspected = newly_suspected;
  out.restored = newly_restored;
  return out;
}

}  // namespace lab2
