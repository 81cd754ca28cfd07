// Lab 4: the replica (reference solution).
#include "node.hpp"

#include <string>

namespace lab4 {

namespace {
const std::string kDecidedPrefix = "decided/";
constexpr const char* kNextKey = "next";
}  // namespace

void Replica::on_start(Context& ctx) {
  proposer_ = Proposer(ctx.self(), ctx.cluster_size());
  learner_ = Learner(ctx.cluster_size());
  acceptor_.load(ctx.storage());
  proposer_.observe(acceptor_.promised());
  for (const auto& [key, bytes] : ctx.storage().contents()) {
    if (key.rfind(kDecidedPrefix, 0) != 0) continue;
    if (auto d = ctx.storage().get<Decision>(key)) learner_.on_decision(*d);
  }
  learner_.restore_next(ctx.storage().get<Slot>(kNextKey).value_or(1));
  deliver(ctx);
  arm_timer(ctx);
}

void Replica::on(Context& ctx, NodeId /*from*/, const ClientRequest& request) {
  if (!believes_leader(ctx)) {
    ctx.output(Redirect{request.command.client, request.command.seq, leader_});
    return;
  }
  send_all(ctx, proposer_.propose(request.command));
  if (!proposer_.preparing() && !proposer_.leading()) ctx.broadcast(proposer_.start(learner_.next()));
}

void Replica::on(Context& ctx, NodeId /*from*/, const Leader& leader) {
  leader_ = leader.leader;
  if (!believes_leader(ctx)) {
    proposer_.stop();
  } else if (!proposer_.preparing() && !proposer_.leading()) {
    ctx.broadcast(proposer_.start(learner_.next()));
  }
}

void Replica::on(Context& ctx, NodeId from, const Prepare& prepare) {
  proposer_.observe(prepare.round);
  if (auto promise = acceptor_.on_prepare(prepare)) {
    acceptor_.save(ctx.storage());  // durable before the promise can arrive anywhere
    ctx.send(from, *promise);
  } else {
    ctx.send(from, Reject{prepare.round, acceptor_.promised()});
  }
}

void Replica::on(Context& ctx, NodeId from, const Promise& promise) {
  send_all(ctx, proposer_.on_promise(from, promise));
}

void Replica::on(Context& ctx, NodeId from, const Accept& accept) {
  proposer_.observe(accept.round);
  if (auto learn = acceptor_.on_accept(accept)) {
    acceptor_.save(ctx.storage(), accept.slot);
    ctx.broadcast(*learn);
  } else {
    ctx.send(from, Reject{accept.round, acceptor_.promised()});
  }
}

void Replica::on(Context& ctx, NodeId from, const Learn& learn) {
  if (auto command = learner_.on_learn(from, learn)) decided(ctx, Decision{learn.slot, *command});
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Reject& reject) {
  proposer_.on_reject(reject);
}

void Replica::on(Context& ctx, NodeId from, const CatchUp& catch_up) {
  auto decided = learner_.decided_from(catch_up.from, kCatchUpBatch);
  if (!decided.empty()) ctx.send(from, Decisions{std::move(decided)});
}

void Replica::on(Context& ctx, NodeId from, const Decisions& decisions) {
  for (const Decision& d : decisions.decided) {
    if (learner_.on_decision(d)) decided(ctx, d);
  }
  // A full batch: there may be more, ask again at once.
  if (decisions.decided.size() == static_cast<std::size_t>(kCatchUpBatch)) {
    ctx.send(from, CatchUp{learner_.next()});
  }
}

void Replica::on(Context& ctx, const Tick& /*timer*/) {
  if (believes_leader(ctx)) {
    if (proposer_.leading()) {
      send_all(ctx, proposer_.stale());
    } else {
      ctx.broadcast(proposer_.start(learner_.next()));  // phase 1 again, in a higher round
    }
  }
  // Ask for decided slots this replica may lack: the leader it believes in, else a peer.
  NodeId peer = leader_;
  if (peer == 0 || peer == ctx.self() || learner_.highest_decided() >= learner_.next()) {
    const auto nodes = ctx.nodes();
    peer = nodes[ctx.random().below(nodes.size())];
  }
  if (peer != ctx.self()) ctx.send(peer, CatchUp{learner_.next()});
  arm_timer(ctx);
}

void Replica::decided(Context& ctx, const Decision& decision) {
  if (!learner_.decided(decision.slot)) learner_.on_decision(decision);
  ctx.storage().put(kDecidedPrefix + std::to_string(decision.slot), decision);
  send_all(ctx, proposer_.on_decided(decision.slot));
  deliver(ctx);
}

void Replica::deliver(Context& ctx) {
  const auto ready = learner_.take_deliverable();
  for (const Decision& d : ready) ctx.output(Delivered{d.slot, d.command});
  if (!ready.empty()) ctx.storage().put(kNextKey, learner_.next());
}

void Replica::send_all(Context& ctx, const std::vector<Accept>& accepts) {
  std::vector<Accept> more;
  for (const Accept& a : accepts) {
    if (!learner_.decided(a.slot)) {
      ctx.broadcast(a);
      continue;
    }
    // Already decided here (a re-proposal after phase 1): it leaves the window unsent.
    for (Accept& next : proposer_.on_decided(a.slot)) more.push_back(std::move(next));
  }
  if (!more.empty()) send_all(ctx, more);  // fresh slots: never decided, so this ends
}

void Replica::arm_timer(Context& ctx) {
  const auto jitter = static_cast<Duration>(ctx.random().below(kTickPeriod / 4 + 1));
  ctx.set_timer(kTickPeriod + jitter, Tick{});
}

}  // namespace lab4
