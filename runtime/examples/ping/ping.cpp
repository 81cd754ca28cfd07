// The ping node's handlers.
#include "runtime/examples/ping/ping.hpp"

namespace dslab::examples::ping {

void PingNode::on_start(node::Context<Protocol>& ctx) {
  round_trips_ = ctx.storage().get<std::uint64_t>("round_trips").value_or(0);
  for (NodeId peer : ctx.nodes()) {
    if (peer == ctx.self()) continue;
    Chain& chain = chains_[peer];
    chain.seq = round_trips_ * 1000 + 1;
    ctx.send(peer, Ping{chain.seq});
  }
  ctx.set_timer(kTick, Tick{});
}

void PingNode::on_message(node::Context<Protocol>& ctx, NodeId from,
                          const Protocol::Message& msg) {
  if (const auto* ping = std::get_if<Ping>(&msg)) {
    ctx.send(from, Pong{ping->seq});
    return;
  }
  const auto& pong = std::get<Pong>(msg);
  Chain& chain = chains_[from];
  if (pong.seq != chain.seq) return;  // a duplicate or a stale pong
  chain.progressed = true;
  ++round_trips_;
  if (round_trips_ % 64 == 0) ctx.storage().put("round_trips", round_trips_);
  ctx.output(RoundTrip{from, pong.seq});
  ctx.send(from, Ping{++chain.seq});
}

void PingNode::on_timer(node::Context<Protocol>& ctx, const Protocol::Timer& /*timer*/) {
  for (auto& [peer, chain] : chains_) {
    if (!chain.progressed) ctx.send(peer, Ping{++chain.seq});  // the chain broke: restart it
    chain.progressed = false;
  }
  ctx.set_timer(kTick, Tick{});
}

}  // namespace dslab::examples::ping
