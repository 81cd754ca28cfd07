// Lab 3 table-driven tests of one node: rows of "given this input, expect these messages (or
// none of these kinds), these outputs", run through dslab::labkit::NodeDriver.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "runtime/testing/driver.hpp"

namespace lab3::table {

using Message = Protocol::Message;
using Driver = dslab::labkit::NodeDriver<Protocol>;

/// Deliver `msg` from `from`.
struct Deliver {
  NodeId from = 0;
  Message msg;
};
/// Fire the node's earliest live timer (the progress timer).
struct FireTimer {};
/// Crash the node and restart it from its stable storage.
struct Restart {};
using Input = std::variant<Deliver, FireTimer, Restart>;

/// A message the row expects the node to send.
struct Sent {
  NodeId to = 0;
  Message msg;
};

/// One row: the input, then what must hold about that handler call's effects.
struct Row {
  std::string what;                         ///< shown on failure: "prepare below promise"
  Input input;
  std::vector<Sent> sends = {};             ///< each must be among the messages sent
  std::vector<std::size_t> no_kinds = {};   ///< no message of these kinds may be sent
  std::optional<std::vector<Value>> decided = std::nullopt;  ///< exact Decided outputs, if set
  bool writes_storage = false;              ///< the call must write stable storage
};

/// Runs the rows in order on `driver`, reporting every row that does not hold (by its number
/// and `what`) as a non-fatal GoogleTest failure.
void run(Driver& driver, const std::vector<Row>& rows);

/// The message-kind indices (variant indices of Message) of the listed types, for `no_kinds`.
template <class... Ts>
std::vector<std::size_t> kinds() {
  return {Message(Ts{}).index()...};
}

}  // namespace lab3::table
