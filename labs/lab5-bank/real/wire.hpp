// Lab 5 on real processes (trusted): the wire protocol of a bank node made of the student's
// bank replica (lab 5) over the student's Multi-Paxos replica (lab 4) as its log. Only API
// headers: the clients (`dslab cluster`, the real tests) compile against this file without
// compiling any student code.
#pragma once

#include <variant>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "labs/lab5-bank/api/protocol.hpp"
#include "runtime/codec/state.hpp"

namespace lab5::real {

/// A lab 4 message between the nodes' logs, wrapped (both parts share one wire).
struct LogMessage {
  lab4::Protocol::Message inner;
  DSLAB_STATE(LogMessage, inner)
};
/// A message the bank replica sends to a peer, wrapped (the reference sends none).
struct BankMessage {
  lab5::Protocol::Message inner;
  DSLAB_STATE(BankMessage, inner)
};
/// The log's Tick, wrapped.
struct LogTimer {
  lab4::Protocol::Timer inner;
  DSLAB_STATE(LogTimer, inner)
};
/// The bank replica's Flush, wrapped.
struct BankTimer {
  lab5::Protocol::Timer inner;
  DSLAB_STATE(BankTimer, inner)
};

/// The bank node's protocol. From the environment: lab5::ClientRequest (clients),
/// lab5::Configure (batching), lab4::Leader (the runtime's leader detector). Outputs: the bank
/// replica's answers to clients.
struct Protocol {
  using Message =
      std::variant<lab5::ClientRequest, lab5::Configure, lab4::Leader, LogMessage, BankMessage>;
  using Timer = std::variant<LogTimer, BankTimer>;
  using Output = std::variant<lab5::Reply, lab5::Redirect>;
};

}  // namespace lab5::real
