// Lab 3: the Paxos node (reference solution).
#include "node.hpp"

namespace lab3 {

namespace {
constexpr const char* kDecidedKey = "decided";
}  // namespace

void PaxosNode::on_start(Context& ctx) {
  proposer_ = Proposer(ctx.self(), ctx.cluster_size());
  learner_ = Learner(ctx.cluster_size());
  acceptor_.load(ctx.storage());
  proposer_.observe(acceptor_.promised());
  if (auto decided = ctx.storage().get<Value>(kDecidedKey)) learner_.restore(*decided);
  if (!learner_.decided()) arm_timer(ctx);
}

void PaxosNode::on(Context& ctx, NodeId /*from*/, const ClientRequest& request) {
  if (learner_.decided()) return;  // already answered with Decided
  if (!client_value_) client_value_ = request.value;
  maybe_propose(ctx, false);
}

void PaxosNode::on(Context& ctx, NodeId /*from*/, const Leader& leader) {
  leader_ = leader.leader;
  if (!leading(ctx)) {
    proposer_.stop();
    return;
  }
  maybe_propose(ctx, false);
}

void PaxosNode::on(Context& ctx, NodeId from, const Prepare& prepare) {
  proposer_.observe(prepare.round);
  if (auto promise = acceptor_.on_prepare(prepare)) {
    acceptor_.save(ctx.storage());  // durable before the promise can arrive anywhere
    ctx.send(from, *promise);
  } else {
    ctx.send(from, Nack{prepare.round, acceptor_.promised()});
  }
}

void PaxosNode::on(Context& ctx, NodeId from, const Promise& promise) {
  if (auto accept = proposer_.on_promise(from, promise)) ctx.broadcast(*accept);
}

void PaxosNode::on(Context& ctx, NodeId from, const Accept& accept) {
  proposer_.observe(accept.round);
  if (auto accepted = acceptor_.on_accept(accept)) {
    acceptor_.save(ctx.storage());
    ctx.broadcast(*accepted);
  } else {
    ctx.send(from, Nack{accept.round, acceptor_.promised()});
  }
}

void PaxosNode::on(Context& ctx, NodeId from, const Accepted& accepted) {
  if (auto v = learner_.on_accepted(from, accepted)) decide(ctx, *v);
}

void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Nack& nack) { proposer_.observe(nack.promised); }

void PaxosNode::on(Context& ctx, NodeId from, const Query& /*query*/) {
  if (learner_.decided()) ctx.send(from, Chosen{*learner_.decided()});
}

void PaxosNode::on(Context& ctx, NodeId /*from*/, const Chosen& chosen) {
  if (auto v = learner_.on_chosen(chosen)) decide(ctx, *v);
}

void PaxosNode::on(Context& ctx, const Progress& /*timer*/) {
  if (learner_.decided()) return;
  if (leading(ctx) && client_value_) {
    maybe_propose(ctx, true);
  } else {
    ctx.send_to_others(Query{});
  }
  arm_timer(ctx);
}

void PaxosNode::maybe_propose(Context& ctx, bool retry) {
  if (learner_.decided() || !leading(ctx) || !client_value_) return;
  if (proposer_.active() && !retry) return;
  ctx.broadcast(proposer_.start(*client_value_));
}

void PaxosNode::decide(Context& ctx, const Value& value) {
  ctx.storage().put(kDecidedKey, value);
  proposer_.stop();
  ctx.output(Decided{value});
}

void PaxosNode::arm_timer(Context& ctx) {
  const auto jitter = static_cast<Duration>(ctx.random().below(kProgressTimeout / 2 + 1));
  ctx.set_timer(kProgressTimeout + jitter, Progress{});
}

}  // namespace lab3
