// Lab 5: the client library (reference solution).
#include "client.hpp"

namespace lab5 {

BankClient::BankClient(std::int32_t id, int replicas, Duration timeout)
    : id_(id), replicas_(replicas < 1 ? 1 : replicas), timeout_(timeout) {}

BankClient::Send BankClient::call(const Operation& op, dslab::Time now) {
  pending_ = Command{id_, ++seq_, op};
  return send(now);
}

std::optional<Result> BankClient::on_reply(const Reply& reply) {
  if (!pending_ || reply.client != id_ || reply.seq != pending_->seq) return std::nullopt;
  pending_.reset();
  return reply.result;
}

std::optional<BankClient::Send> BankClient::on_redirect(NodeId from, const Redirect& redirect,
                                                        dslab::Time now) {
  if (!pending_ || redirect.client != id_ || redirect.seq != pending_->seq) return std::nullopt;
  const bool named = redirect.leader >= 1 && redirect.leader <= replicas_ && redirect.leader != from;
  target_ = named ? redirect.leader : from % replicas_ + 1;
  return send(now);
}

std::optional<BankClient::Send> BankClient::on_tick(dslab::Time now) {
  if (!pending_ || now - sent_at_ < timeout_) return std::nullopt;
  target_ = target_ % replicas_ + 1;
  return send(now);
}

BankClient::Send BankClient::send(dslab::Time now) {
  sent_at_ = now;
  return Send{target_, ClientRequest{*pending_}};
}

}  // namespace lab5
