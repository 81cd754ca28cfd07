// Lab 2 detector, independent implementation D of the similarity tests: a verdict per node.
#include "detector.hpp"

namespace lab2 {

enum class Verdict { kNothing, kSuspect, kRestore };

static Verdict classify(bool heard, bool suspected) {
  if (heard && suspected) return Verdict::kRestore;
  if (!heard && !suspected) return Verdict::kSuspect;
  return Verdict::kNothing;
}

void Detector::reset(std::span<const NodeId> nodes) {
  *this = Detector{};
  for (auto node : nodes) nodes_.emplace_back(node);
}

Changes Detector::on_timeout(const std::set<NodeId>& alive) {
  Changes changes{};
  bool increased = false;
  for (auto node : nodes_) {
    switch (classify(alive.contains(node), suspected_.contains(node))) {
      case Verdict::kRestore:
        if (!increased) {
          delay_ += kDelta;
          increased = true;
        }
        changes.restored.emplace_back(node);
        break;
      case Verdict::kSuspect:
        changes.suspected.emplace_back(node);
        break;
      case Verdict::kNothing:
        break;
    }
  }
  for (auto node : changes.suspected) suspected_.emplace(node);
  for (auto node : changes.restored) suspected_.erase(node);
  return changes;
}

}  // namespace lab2
