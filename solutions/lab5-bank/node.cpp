// Lab 5: the bank replica (reference solution).
#include "node.hpp"

#include <algorithm>

namespace lab5 {

void Replica::on_start(Context& /*ctx*/) {}

void Replica::on(Context& ctx, NodeId /*from*/, const ClientRequest& request) {
  const Command& c = request.command;
  if (!leads(ctx)) {
    ctx.output(Redirect{c.client, c.seq, leader_});
    return;
  }
  if (clients_.executed(c.client, c.seq)) {
    // A retry of an executed request: answer from the reply cache, never run it again.
    if (auto result = clients_.cached(c.client, c.seq)) ctx.output(Reply{c.client, c.seq, *result});
    return;
  }
  const bool waiting = std::any_of(batch_.begin(), batch_.end(), [&](const Command& b) {
    return b.client == c.client && b.seq == c.seq;
  });
  if (!waiting) batch_.push_back(c);
  // A retry of a proposed request is proposed again: the log may have lost the first proposal.
  if (static_cast<std::int32_t>(batch_.size()) >= config_.batch_size || config_.batch_delay <= 0) {
    propose(ctx);
  } else if (!flush_armed_) {
    ctx.set_timer(config_.batch_delay, Flush{});
    flush_armed_ = true;
  }
}

void Replica::on(Context& ctx, NodeId /*from*/, const Decided& decided) {
  if (decided.slot < next_) return;  // executed already: a duplicate notification
  waiting_.emplace(decided.slot, decided.batch);
  for (auto it = waiting_.find(next_); it != waiting_.end(); it = waiting_.find(next_)) {
    execute(ctx, it->first, it->second);
    waiting_.erase(it);
    ++next_;
  }
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Leader& leader) {
  if (leader.leader != leader_) batch_.clear();  // the clients retry at the new leader
  leader_ = leader.leader;
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Configure& configure) {
  config_ = configure;
  config_.batch_size = std::max(config_.batch_size, 1);
}

void Replica::on(Context& ctx, const Flush& /*timer*/) {
  flush_armed_ = false;
  if (leads(ctx)) propose(ctx);
}

void Replica::execute(Context& ctx, Slot slot, const Batch& batch) {
  for (const Command& c : batch.commands) {
    if (clients_.executed(c.client, c.seq)) {
      // Decided twice (a retry proposed again): execute once; the leader answers again.
      if (auto result = clients_.cached(c.client, c.seq); result && leads(ctx)) {
        ctx.output(Reply{c.client, c.seq, *result});
      }
      continue;
    }
    const Result result = bank_.apply(c.op);
    clients_.record(c.client, c.seq, result);
    ctx.output(Executed{slot, c, result});
    if (leads(ctx)) ctx.output(Reply{c.client, c.seq, result});
  }
}

void Replica::propose(Context& ctx) {
  if (batch_.empty()) return;
  const auto size = static_cast<std::size_t>(std::max(config_.batch_size, 1));
  for (std::size_t i = 0; i < batch_.size(); i += size) {
    const auto end = batch_.begin() + static_cast<std::ptrdiff_t>(std::min(i + size, batch_.size()));
    ctx.output(Propose{Batch{{batch_.begin() + static_cast<std::ptrdiff_t>(i), end}}});
  }
  batch_.clear();
}

}  // namespace lab5
