// Lab 2 node, independent implementation A of the similarity tests: sends each request itself.
#include "node.hpp"

namespace lab2 {

void DetectorNode::on_start(Context& ctx) {
  alive_.clear();
  alive_.insert(ctx.nodes().begin(), ctx.nodes().end());
  detector_.reset(ctx.nodes());
  leader_.reset(ctx.nodes());
  announce_leader(ctx);
  ctx.set_timer(kInitialDelay, Timeout{});
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatRequest&) {
  ctx.send(from, HeartbeatReply{});
}

void DetectorNode::on(Context&, NodeId from, const HeartbeatReply&) { alive_.insert(from); }

void DetectorNode::on(Context& ctx, const Timeout&) {
  const Changes c = detector_.on_timeout(alive_);
  for (const NodeId n : c.suspected) ctx.output(Suspect{.node = n});
  for (const NodeId n : c.restored) ctx.output(Restore{.node = n});
  announce_leader(ctx);
  alive_ = {};
  for (const NodeId n : ctx.nodes()) ctx.send(n, HeartbeatRequest{});
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::announce_leader(Context& ctx) {
  const std::optional<NodeId> changed = leader_.on_suspected_changed(detector_.suspected());
  if (changed.has_value()) ctx.output(Trust{.leader = changed.value()});
}

}  // namespace lab2
