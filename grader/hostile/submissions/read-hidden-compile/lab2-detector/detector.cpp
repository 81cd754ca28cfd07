// Hostile lab-2 submission "read-hidden-compile" (grader/hostile/README.md): the compiler is
// asked for the hidden tests and the solutions by relative, include-path and absolute paths.
// __has_include probes turn any visible file into a LEAK-VISIBLE error; then the real #include
// pulls the hidden scenarios into a string, where a compiler error would quote their lines.
// Expected: build_failed, score 0, and no line of a hidden file in the report.
#include "detector.hpp"

#if __has_include("../../labs/lab2-detector/tests/hidden/scenarios.hpp")
#error "LEAK-VISIBLE 0: ../../labs/lab2-detector/tests/hidden/scenarios.hpp"
#endif
#if __has_include("labs/lab2-detector/tests/hidden/scenarios.hpp")
#error "LEAK-VISIBLE 1: labs/lab2-detector/tests/hidden/scenarios.hpp"
#endif
#if __has_include("@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp")
#error "LEAK-VISIBLE 2: @SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp"
#endif
#if __has_include("@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/detector_hidden_test.cpp")
#error "LEAK-VISIBLE 3: @SOURCE_ROOT@/labs/lab2-detector/tests/hidden/detector_hidden_test.cpp"
#endif
#if __has_include("@SOURCE_ROOT@/solutions/lab2-detector/node.cpp")
#error "LEAK-VISIBLE 4: @SOURCE_ROOT@/solutions/lab2-detector/node.cpp"
#endif
#if __has_include("@BUILD_ROOT@/runtime/../../labs/lab2-detector/tests/hidden/scenarios.hpp")
#error "LEAK-VISIBLE 5: @BUILD_ROOT@/runtime/../../labs/lab2-detector/tests/hidden/scenarios.hpp"
#endif
#if __has_include("/proc/self/root@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp")
#error "LEAK-VISIBLE 6: /proc/self/root@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp"
#endif

namespace lab2 {

// Stolen text: a compile error here would quote the included lines.
const char* const kStolen[] = {
#include "../../labs/lab2-detector/tests/hidden/scenarios.hpp"
};
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
