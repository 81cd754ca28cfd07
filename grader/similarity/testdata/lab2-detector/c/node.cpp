// Lab 2 node, independent implementation C of the similarity tests: compact, one output helper.
#include "node.hpp"

#include <algorithm>
#include <utility>

namespace lab2 {

namespace {

template <typename Out>
void emit_all(DetectorNode::Context& ctx, const std::vector<NodeId>& ids) {
  std::ranges::for_each(ids, [&ctx](NodeId id) { ctx.output(Out{id}); });
}

}  // namespace

void DetectorNode::on_start(Context& ctx) {
  const auto all = ctx.nodes();
  alive_ = {all.begin(), all.end()};
  detector_.reset(all), leader_.reset(all);
  announce_leader(ctx);
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatRequest&) { ctx.send(from, HeartbeatReply{}); }

void DetectorNode::on(Context&, NodeId from, const HeartbeatReply&) { alive_.emplace(from); }

void DetectorNode::on(Context& ctx, const Timeout&) {
  const Changes changes = detector_.on_timeout(std::exchange(alive_, {}));
  emit_all<Suspect>(ctx, changes.suspected);
  emit_all<Restore>(ctx, changes.restored);
  if (!(changes.suspected.empty() && changes.restored.empty())) announce_leader(ctx);
  ctx.broadcast(HeartbeatRequest{});
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::announce_leader(Context& ctx) {
  if (const auto l = leader_.on_suspected_changed(detector_.suspected()); l) ctx.output(Trust{*l});
}

}  // namespace lab2
