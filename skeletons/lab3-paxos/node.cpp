// Lab 3: the Paxos node. YOUR CODE HERE (see labs/lab3-paxos/README.md, "The node").
#include "node.hpp"

namespace lab3 {

void PaxosNode::on_start(Context& /*ctx*/) {
  // TODO: build the roles for this cluster, reload stable state, arm the progress timer.
}

void PaxosNode::on_message(Context& /*ctx*/, NodeId /*from*/, const Protocol::Message& /*msg*/) {
  // TODO: dispatch on the message type (std::visit) to the on_* helpers below.
}

void PaxosNode::on_timer(Context& /*ctx*/, const Protocol::Timer& /*timer*/) {
  // TODO: on Progress, call on_progress.
}

void PaxosNode::on_client(Context& /*ctx*/, const ClientRequest& /*request*/) {}
void PaxosNode::on_leader(Context& /*ctx*/, const Leader& /*leader*/) {}
void PaxosNode::on_prepare(Context& /*ctx*/, NodeId /*from*/, const Prepare& /*prepare*/) {}
void PaxosNode::on_promise(Context& /*ctx*/, NodeId /*from*/, const Promise& /*promise*/) {}
void PaxosNode::on_accept(Context& /*ctx*/, NodeId /*from*/, const Accept& /*accept*/) {}
void PaxosNode::on_accepted(Context& /*ctx*/, NodeId /*from*/, const Accepted& /*accepted*/) {}
void PaxosNode::on_query(Context& /*ctx*/, NodeId /*from*/) {}
void PaxosNode::on_progress(Context& /*ctx*/) {}
void PaxosNode::maybe_propose(Context& /*ctx*/, bool /*retry*/) {}
void PaxosNode::decide(Context& /*ctx*/, const Value& /*value*/) {}
void PaxosNode::arm_timer(Context& /*ctx*/) {}
void PaxosNode::init(Context& /*ctx*/) {}

}  // namespace lab3
