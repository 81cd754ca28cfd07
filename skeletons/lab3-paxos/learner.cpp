// Lab 3: the learner role. YOUR CODE HERE (see labs/lab3-paxos/README.md, "Learner").
#include "learner.hpp"

namespace lab3 {

std::optional<Value> Learner::on_accepted(NodeId /*from*/, const Accepted& /*accepted*/) {
  // TODO: decide once a quorum of distinct acceptors accepted the same round.
  return std::nullopt;
}

std::optional<Value> Learner::on_chosen(const Chosen& /*chosen*/) {
  // TODO: a decided peer told us the value.
  return std::nullopt;
}

}  // namespace lab3
