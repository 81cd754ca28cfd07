// Lab 5: the client library. TODO: implement (one request outstanding, retry, redirects).
#include "client.hpp"

namespace lab5 {

BankClient::BankClient(std::int32_t id, int replicas, Duration timeout)
    : id_(id), replicas_(replicas < 1 ? 1 : replicas), timeout_(timeout) {}

BankClient::Send BankClient::call(const Operation& /*op*/, dslab::Time now) {
  return send(now);  // TODO: a new sequence number, the request outstanding
}

std::optional<Result> BankClient::on_reply(const Reply& /*reply*/) { return std::nullopt; }  // TODO

std::optional<BankClient::Send> BankClient::on_redirect(NodeId /*from*/,
                                                        const Redirect& /*redirect*/,
                                                        dslab::Time /*now*/) {
  return std::nullopt;  // TODO
}

std::optional<BankClient::Send> BankClient::on_tick(dslab::Time /*now*/) {
  return std::nullopt;  // TODO
}

BankClient::Send BankClient::send(dslab::Time now) {
  sent_at_ = now;
  return Send{target_, ClientRequest{pending_.value_or(Command{})}};
}

}  // namespace lab5
