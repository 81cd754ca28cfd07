// Lab 2 node, independent implementation B of the similarity tests: explicit message objects.
#include "node.hpp"

namespace lab2 {

void DetectorNode::on_start(Context& ctx) {
  const std::span<const NodeId> everyone = ctx.nodes();
  for (std::size_t i = 0; i < everyone.size(); ++i) {
    alive_.insert(everyone[i]);
  }
  detector_.reset(everyone);
  leader_.reset(everyone);
  announce_leader(ctx);
  const Duration first = detector_.delay();
  ctx.set_timer(first, Timeout());
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatRequest& request) {
  (void)request;
  HeartbeatReply reply;
  ctx.send(from, reply);
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatReply& reply) {
  (void)ctx;
  (void)reply;
  if (alive_.find(from) == alive_.end()) {
    alive_.insert(from);
  }
}

void DetectorNode::on(Context& ctx, const Timeout& timer) {
  (void)timer;
  Changes changes = detector_.on_timeout(alive_);
  std::size_t i = 0;
  while (i < changes.suspected.size()) {
    Suspect s;
    s.node = changes.suspected[i];
    ctx.output(s);
    ++i;
  }
  i = 0;
  while (i < changes.restored.size()) {
    Restore r;
    r.node = changes.restored[i];
    ctx.output(r);
    ++i;
  }
  if (changes.suspected.size() + changes.restored.size() > 0) {
    announce_leader(ctx);
  }
  ctx.broadcast(HeartbeatRequest());
  alive_.clear();
  ctx.set_timer(detector_.delay(), Timeout());
}

void DetectorNode::announce_leader(Context& ctx) {
  std::optional<NodeId> next = leader_.on_suspected_changed(detector_.suspected());
  if (next) {
    Trust t;
    t.leader = *next;
    ctx.output(t);
  }
}

}  // namespace lab2
