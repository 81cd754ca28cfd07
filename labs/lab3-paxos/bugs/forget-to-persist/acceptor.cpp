// Lab 3: the acceptor role (reference solution).
#include "acceptor.hpp"

namespace lab3 {

namespace {
constexpr const char* kKey = "acceptor";
}  // namespace

std::optional<Promise> Acceptor::on_prepare(const Prepare& prepare) {
  if (prepare.round <= state_.promised) return std::nullopt;
  state_.promised = prepare.round;
  return Promise{prepare.round, state_.accepted_round, state_.accepted_value};
}

std::optional<Accepted> Acceptor::on_accept(const Accept& accept) {
  if (accept.round < state_.promised) return std::nullopt;
  state_.promised = accept.round;
  state_.accepted_round = accept.round;
  state_.accepted_value = accept.value;
  return Accepted{accept.round, accept.value};
}

void Acceptor::save(dslab::node::Storage& /*storage*/) const {}  // BUG: nothing is written

void Acceptor::load(const dslab::node::Storage& storage) {
  state_ = storage.get<AcceptorState>(kKey).value_or(AcceptorState{});
}

}  // namespace lab3
