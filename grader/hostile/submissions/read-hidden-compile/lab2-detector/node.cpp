// Hostile lab-2 submission "read-hidden-compile" (see detector.cpp): pid 1's root and cwd probed.
// Lab 2, student-owned: wiring of the failure detector and leader detector to the runtime.
#include "node.hpp"

#if __has_include("/proc/1/root@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp")
#error "LEAK-VISIBLE /proc/1/root@SOURCE_ROOT@/labs/lab2-detector/tests/hidden/scenarios.hpp"
#endif
#if __has_include("/proc/1/cwd/labs/lab2-detector/tests/hidden/scenarios.hpp")
#error "LEAK-VISIBLE /proc/1/cwd/labs/lab2-detector/tests/hidden/scenarios.hpp"
#endif

namespace lab2 {

void DetectorNode::on_start(Context& ctx) {
  alive_ = std::set<NodeId>(ctx.nodes().begin(), ctx.nodes().end());
  detector_.reset(ctx.nodes());
  leader_.reset(ctx.nodes());
  announce_leader(ctx);
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::on_message(Context& ctx, NodeId from, const Protocol::Message& msg) {
  if (std::holds_alternative<HeartbeatRequest>(msg)) {
    ctx.send(from, HeartbeatReply{});
  } else if (std::holds_alternative<HeartbeatReply>(msg)) {
    alive_.insert(from);
  }
}

void DetectorNode::on_timer(Context& ctx, const Protocol::Timer& /*timer*/) {
  const Changes changes = detector_.on_timeout(alive_);
  for (NodeId p : changes.suspected) ctx.output(Suspect{p});
  for (NodeId p : changes.restored) ctx.output(Restore{p});
  if (!changes.suspected.empty() || !changes.restored.empty()) announce_leader(ctx);
  ctx.broadcast(HeartbeatRequest{});
  alive_.clear();
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::announce_leader(Context& ctx) {
  if (auto leader = leader_.on_suspected_changed(detector_.suspected())) ctx.output(Trust{*leader});
}

}  // namespace lab2
