// Lab 2, student-owned: the timeout procedure of the eventually perfect failure detector.
// The handout (labs/lab2-detector/README.md) explains what to write here.
#include "detector.hpp"

namespace lab2 {

void Detector::reset(std::span<const NodeId> nodes) {
  // TODO: remember the cluster; nothing suspected; delay = kInitialDelay.
  (void)nodes;
}

Changes Detector::on_timeout(const std::set<NodeId>& alive) {
  // TODO: algorithm 2.7's timeout procedure:
  //   if some node is both in `alive` and suspected: delay grows by kDelta (once);
  //   every node neither alive nor suspected becomes suspected;
  //   every node alive and suspected is restored.
  (void)alive;
  return {};
}

}  // namespace lab2
