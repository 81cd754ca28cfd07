// Lab 2, student-owned: the leader rule (highest id not suspected; notify only on a change).
// The handout (labs/lab2-detector/README.md) explains what to write here.
#include "leader.hpp"

namespace lab2 {

void Leader::reset(std::span<const NodeId> nodes) {
  // TODO: remember the cluster; the leader is kUnknownLeader until the first change.
  (void)nodes;
}

std::optional<NodeId> Leader::on_suspected_changed(const std::set<NodeId>& suspected) {
  // TODO: the highest id not in `suspected` (kUnknownLeader if none); return it only if it
  // differs from the current leader.
  (void)suspected;
  return std::nullopt;
}

}  // namespace lab2
