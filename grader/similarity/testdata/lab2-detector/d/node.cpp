// Lab 2 node, independent implementation D of the similarity tests: a changed flag, peer loop.
#include "node.hpp"

#include <utility>

namespace lab2 {

void DetectorNode::on_start(Context& ctx) {
  std::set<NodeId> everyone;
  for (NodeId id : ctx.nodes()) everyone.insert(id);
  alive_.swap(everyone);
  detector_.reset(ctx.nodes());
  leader_.reset(ctx.nodes());
  announce_leader(ctx);
  Duration wait = kInitialDelay;
  ctx.set_timer(wait, Timeout{});
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatRequest& /*request*/) {
  auto answer = HeartbeatReply{};
  ctx.send(from, std::move(answer));
}

void DetectorNode::on(Context& /*ctx*/, NodeId from, const HeartbeatReply& /*reply*/) {
  alive_.emplace(from);
}

void DetectorNode::on(Context& ctx, const Timeout& /*timer*/) {
  const auto changes = detector_.on_timeout(alive_);
  bool changed = false;
  for (auto id : changes.suspected) {
    ctx.output(Suspect{id});
    changed = true;
  }
  for (auto id : changes.restored) {
    ctx.output(Restore{id});
    changed = true;
  }
  if (changed) {
    announce_leader(ctx);
  }
  alive_.clear();
  for (auto peer : ctx.nodes()) {
    ctx.send(peer, HeartbeatRequest{});
  }
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::announce_leader(Context& ctx) {
  auto result = leader_.on_suspected_changed(detector_.suspected());
  if (!result.has_value()) {
    return;
  }
  ctx.output(Trust{result.value()});
}

}  // namespace lab2
