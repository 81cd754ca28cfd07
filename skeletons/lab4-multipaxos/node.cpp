// Lab 4: the replica. YOUR CODE HERE (see labs/lab4-multipaxos/README.md, "The replica").
#include "node.hpp"

namespace lab4 {

void Replica::on_start(Context& /*ctx*/) {
  // TODO: build the roles, reload stable state, deliver what is ready, arm the Tick timer.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const ClientRequest& /*request*/) {
  // TODO: the leader proposes the command; any other replica answers with a Redirect.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Leader& /*leader*/) {
  // TODO: remember the leader; becoming leader starts phase 1, losing it stops proposing.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Prepare& /*prepare*/) {
  // TODO: acceptor; persist before answering with Promise (or Reject).
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Promise& /*promise*/) {
  // TODO: proposer; broadcast the Accepts it returns.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Accept& /*accept*/) {
  // TODO: acceptor; persist before broadcasting Learn (or answer Reject).
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Learn& /*learn*/) {
  // TODO: learner; a decided slot is recorded, and delivered in order.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Reject& /*reject*/) {
  // TODO: proposer.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const CatchUp& /*catch_up*/) {
  // TODO: answer with the decided slots from catch_up.from on.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Decisions& /*decisions*/) {
  // TODO: record and deliver the decisions.
}

void Replica::on(Context& /*ctx*/, const Tick& /*timer*/) {
  // TODO: retry phase 1 or resend stale slots (leader); ask a peer for missed slots; re-arm.
}

void Replica::decided(Context& /*ctx*/, const Decision& /*decision*/) {}

void Replica::deliver(Context& /*ctx*/) {}

void Replica::send_all(Context& /*ctx*/, const std::vector<Accept>& /*accepts*/) {}

void Replica::arm_timer(Context& /*ctx*/) {}

}  // namespace lab4
