// Lab 4: the acceptor role. YOUR CODE HERE (see labs/lab4-multipaxos/README.md, "Acceptor").
#include "acceptor.hpp"

namespace lab4 {

std::optional<Promise> Acceptor::on_prepare(const Prepare& /*prepare*/) {
  // TODO: promise a round above the promised one, for every slot; report every accepted slot at
  // or above prepare.slot, ascending.
  return std::nullopt;
}

std::optional<Learn> Acceptor::on_accept(const Accept& /*accept*/) {
  // TODO: accept at or above the promised round (raising it), overwriting the slot.
  return std::nullopt;
}

void Acceptor::save(dslab::node::Storage& /*storage*/, Slot /*slot*/) const {
  // TODO: write the promised round and the slot's accepted value to stable storage.
}

void Acceptor::load(const dslab::node::Storage& /*storage*/) {
  // TODO: read back what save() wrote.
}

}  // namespace lab4
