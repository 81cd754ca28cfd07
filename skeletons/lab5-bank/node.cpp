// Lab 5: the bank replica. TODO: implement the handlers (the handout's "The replica").
#include "node.hpp"

namespace lab5 {

void Replica::on_start(Context& /*ctx*/) {}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const ClientRequest& /*request*/) {
  // TODO: not leading: Redirect. Leading: answer an executed request from the reply cache, else
  // batch it (Propose when the batch is full or batching is off, else arm the Flush timer).
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Decided& /*decided*/) {
  // TODO: keep the slot; execute every slot that is next in order, each command once.
}

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Leader& /*leader*/) {}  // TODO

void Replica::on(Context& /*ctx*/, NodeId /*from*/, const Configure& /*configure*/) {}  // TODO

void Replica::on(Context& /*ctx*/, const Flush& /*timer*/) {}  // TODO

void Replica::execute(Context& /*ctx*/, Slot /*slot*/, const Batch& /*batch*/) {}  // TODO

void Replica::propose(Context& /*ctx*/) {}  // TODO

}  // namespace lab5
