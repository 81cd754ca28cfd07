// Lab 4: the proposer (leader) role. YOUR CODE HERE (see labs/lab4-multipaxos/README.md,
// "Proposer").
#include "proposer.hpp"

namespace lab4 {

Round Proposer::next_round() const {
  // TODO: the smallest round of this proposer (self, self + n, ...) above every round seen.
  return kNoRound;
}

Prepare Proposer::start(Slot /*first_undecided*/) {
  // TODO: a new round; phase 1 for every slot at or above first_undecided.
  return Prepare{};
}

std::vector<Accept> Proposer::on_promise(NodeId /*from*/, const Promise& /*promise*/) {
  // TODO: on a quorum of distinct promises of the current round: re-propose per reported slot
  // the command of the highest accepted round, no-ops in the gaps, then queued commands.
  return {};
}

std::vector<Accept> Proposer::propose(const Command& /*command*/) {
  // TODO: queue the command; propose it in a fresh slot if leading and the window has room.
  return {};
}

std::vector<Accept> Proposer::on_decided(Slot /*slot*/) {
  // TODO: the slot leaves the window; fill the window from the queue.
  return {};
}

void Proposer::on_reject(const Reject& /*reject*/) {
  // TODO: a higher promised round for our round stops leading.
}

void Proposer::observe(Round /*round*/) {
  // TODO: remember the highest round seen.
}

void Proposer::stop() {
  // TODO: stop leading; forget the slots in flight and the queue.
}

std::vector<Accept> Proposer::stale() {
  // TODO: the Accepts of slots in flight since the previous call.
  return {};
}

std::vector<Accept> Proposer::fill() { return {}; }

Accept Proposer::send(Slot slot, const Command& command) { return Accept{slot, round_, command}; }

}  // namespace lab4
