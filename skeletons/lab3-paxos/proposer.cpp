// Lab 3: the proposer role. YOUR CODE HERE (see labs/lab3-paxos/README.md, "Proposer").
#include "proposer.hpp"

namespace lab3 {

Round Proposer::next_round() const {
  // TODO: the smallest round of this proposer (self, self + n, ...) above every round used or
  // observed.
  return kNoRound;
}

Prepare Proposer::start(const Value& /*value*/) {
  // TODO: begin a new round (next_round()) for this value; forget the previous round's promises.
  return Prepare{kNoRound};
}

std::optional<Accept> Proposer::on_promise(NodeId /*from*/, const Promise& /*promise*/) {
  // TODO: count distinct acceptors promising the current round; on the first quorum, propose
  // the value accepted in the highest round among the promises, else the client's value.
  return std::nullopt;
}

void Proposer::observe(Round /*round*/) {
  // TODO: remember the highest round seen.
}

}  // namespace lab3
