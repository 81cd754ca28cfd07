// Lab 2 leader rule, independent implementation D of the similarity tests: copy_if, max_element.
#include "leader.hpp"

#include <algorithm>
#include <iterator>

namespace lab2 {

void Leader::reset(std::span<const NodeId> nodes) {
  *this = Leader{};
  nodes_.insert(nodes_.end(), nodes.begin(), nodes.end());
}

std::optional<NodeId> Leader::on_suspected_changed(const std::set<NodeId>& suspected) {
  std::vector<NodeId> up;
  std::copy_if(nodes_.begin(), nodes_.end(), std::back_inserter(up),
               [&](NodeId id) { return !suspected.contains(id); });
  const auto top = std::max_element(up.begin(), up.end());
  const NodeId chosen = top == up.end() ? kUnknownLeader : *top;
  if (chosen == leader_) {
    return std::nullopt;
  }
  leader_ = chosen;
  return chosen;
}

}  // namespace lab2
