// Lab 3: the acceptor role. YOUR CODE HERE (see labs/lab3-paxos/README.md, "Acceptor").
#include "acceptor.hpp"

namespace lab3 {

std::optional<Promise> Acceptor::on_prepare(const Prepare& /*prepare*/) {
  // TODO: promise only rounds above every round promised so far; report the last accepted
  // proposal. Refuse (return nothing) otherwise.
  return std::nullopt;
}

std::optional<Accepted> Acceptor::on_accept(const Accept& /*accept*/) {
  // TODO: accept only at or above the promised round.
  return std::nullopt;
}

void Acceptor::save(dslab::node::Storage& /*storage*/) const {
  // TODO: write state_ to stable storage (storage.put("acceptor", state_)).
}

void Acceptor::load(const dslab::node::Storage& /*storage*/) {
  // TODO: reload what save() wrote.
}

}  // namespace lab3
