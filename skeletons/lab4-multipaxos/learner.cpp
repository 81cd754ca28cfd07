// Lab 4: the learner role. YOUR CODE HERE (see labs/lab4-multipaxos/README.md, "Learner").
#include "learner.hpp"

namespace lab4 {

std::optional<Command> Learner::on_learn(NodeId /*from*/, const Learn& /*learn*/) {
  // TODO: count distinct acceptors per slot and round; decide a slot on a quorum, once.
  return std::nullopt;
}

bool Learner::on_decision(const Decision& /*decision*/) {
  // TODO: record a decision learned from a peer or from storage (a decided slot is final).
  return false;
}

std::vector<Decision> Learner::take_deliverable() {
  // TODO: the decided slots from next() on, without a gap; advance next().
  return {};
}

std::vector<Decision> Learner::decided_from(Slot /*from*/, std::size_t /*max*/) const {
  // TODO: up to `max` decided slots at or above `from`, ascending.
  return {};
}

}  // namespace lab4
