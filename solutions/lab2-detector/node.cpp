// Lab 2, student-owned: wiring of the failure detector and leader detector to the runtime.
#include "node.hpp"

namespace lab2 {

void DetectorNode::on_start(Context& ctx) {
  alive_ = std::set<NodeId>(ctx.nodes().begin(), ctx.nodes().end());
  detector_.reset(ctx.nodes());
  leader_.reset(ctx.nodes());
  announce_leader(ctx);
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatRequest& /*request*/) {
  ctx.send(from, HeartbeatReply{});
}

void DetectorNode::on(Context& /*ctx*/, NodeId from, const HeartbeatReply& /*reply*/) {
  alive_.insert(from);
}

void DetectorNode::on(Context& ctx, const Timeout& /*timer*/) {
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
