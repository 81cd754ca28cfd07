// Lab 3: the Paxos node. YOUR CODE HERE (see labs/lab3-paxos/README.md, "The node").
#include "node.hpp"

namespace lab3 {

void PaxosNode::on_start(Context& /*ctx*/) {
  // TODO: build the roles for this cluster, reload stable state, arm the progress timer.
}

// One handler per message type: the runtime calls the one for the type that arrived.
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const ClientRequest& /*request*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Leader& /*leader*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Prepare& /*prepare*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Promise& /*promise*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Accept& /*accept*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Accepted& /*accepted*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Nack& /*nack*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Query& /*query*/) {}
void PaxosNode::on(Context& /*ctx*/, NodeId /*from*/, const Chosen& /*chosen*/) {}

void PaxosNode::on(Context& /*ctx*/, const Progress& /*timer*/) {
  // TODO: retry (leader with a value) or ask the others for a decision; re-arm the timer.
}

}  // namespace lab3
