// Lab 5 (replicated bank): the operations, results, messages, timers and outputs of a bank
// replica (trusted). Students and tests compile against this file; it is not student-owned.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "runtime/codec/state.hpp"
#include "runtime/node/types.hpp"

namespace lab5 {

using dslab::Duration;
using dslab::NodeId;

/// A position in the replicated log. Slots are numbered from 1; kNoSlot (0) means "none".
using Slot = std::int64_t;
inline constexpr Slot kNoSlot = 0;

// ---- the bank ----

/// Operation kinds (Operation::kind). Any other text is an unknown operation.
inline constexpr const char* kDeposit = "deposit";    ///< account += amount
inline constexpr const char* kWithdraw = "withdraw";  ///< account -= amount, if it holds enough
inline constexpr const char* kBalance = "balance";    ///< read account
inline constexpr const char* kTransfer = "transfer";  ///< account -= amount, to += amount

/// One bank operation. Accounts exist from their first use, with balance 0.
struct Operation {
  std::string kind;         ///< kDeposit, kWithdraw, kBalance or kTransfer
  std::string account;      ///< the account (transfer: the source)
  std::string to;           ///< transfer: the destination (may equal account); else ignored
  std::int64_t amount = 0;  ///< deposit, withdraw, transfer: must be > 0; balance: ignored
  DSLAB_STATE(Operation, kind, account, to, amount)
};

/// The error texts of a refused operation (Result::error), checked in this order:
inline constexpr const char* kUnknownOperation = "unknown operation";     ///< kind not listed
inline constexpr const char* kBadAmount = "amount must be positive";      ///< amount <= 0
inline constexpr const char* kInsufficientFunds = "insufficient funds";   ///< withdraw/transfer
inline constexpr const char* kOverflow = "balance would overflow";        ///< above 2^63-1

/// What an operation answers. A refused operation changes nothing.
struct Result {
  bool ok = true;            ///< false: refused, `error` says why
  std::int64_t balance = 0;  ///< the balance of `account` after the operation (also if refused)
  std::string error;         ///< "" when ok, else one of the error texts above
  DSLAB_STATE(Result, ok, balance, error)
};

// ---- commands and the log ----

/// A client's request: client ids are >= 1; each client numbers its requests 1, 2, 3, ...
/// and has one outstanding at a time. A retry repeats the same (client, seq, op).
struct Command {
  std::int32_t client = 0;
  std::uint64_t seq = 0;
  Operation op;
  DSLAB_STATE(Command, client, seq, op)
};

/// What one log slot holds: the commands a leader batched, executed in this order. An empty
/// batch is a no-op (a slot a new leader filled): it only advances the replica.
struct Batch {
  std::vector<Command> commands;
  DSLAB_STATE(Batch, commands)
};

// ---- messages, all from the environment (sender dslab::kEnvironment) ----

/// A client (or its retry) asks this replica to run `command`.
struct ClientRequest {
  Command command;
  DSLAB_STATE(ClientRequest, command)
};

/// The log's on_decided(slot, batch): slot `slot` holds `batch`. Every decided slot reaches
/// every replica, but late, possibly more than once, and in any order; a restarted replica
/// gets every decided slot again from slot 1.
struct Decided {
  Slot slot = kNoSlot;
  Batch batch;
  DSLAB_STATE(Decided, slot, batch)
};

/// The log's leader hint: the receiver should now believe `leader` leads (0: nobody known).
/// Wrong and changing for a while, then right.
struct Leader {
  NodeId leader = 0;
  DSLAB_STATE(Leader, leader)
};

/// Batching settings, sent to every replica when it starts (and again after each restart).
/// batch_size 1 or batch_delay 0 propose every command at once (no batching).
struct Configure {
  std::int32_t batch_size = 1;  ///< most commands per proposed batch (>= 1)
  Duration batch_delay = 0;     ///< longest a command waits for its batch to fill (µs)
  DSLAB_STATE(Configure, batch_size, batch_delay)
};

// ---- timers ----

/// The batch timer: propose the commands waiting for a batch now.
struct Flush {
  DSLAB_STATE(Flush)
};

// ---- outputs ----

/// The log's propose(batch): please decide `batch` in some slot. The log may decide it late,
/// twice, or never.
struct Propose {
  Batch batch;
  DSLAB_STATE(Propose, batch)
};

/// This replica executed `command` from slot `slot` with `result`. Every replica outputs it
/// for each command it executes, in execution order, once per command since its last start.
struct Executed {
  Slot slot = kNoSlot;
  Command command;
  Result result;
  DSLAB_STATE(Executed, slot, command, result)
};

/// The answer to client `client`'s request `seq`.
struct Reply {
  std::int32_t client = 0;
  std::uint64_t seq = 0;
  Result result;
  DSLAB_STATE(Reply, client, seq, result)
};

/// A replica that does not lead answers a request with the leader it believes in (0: none).
struct Redirect {
  std::int32_t client = 0;
  std::uint64_t seq = 0;
  NodeId leader = 0;
  DSLAB_STATE(Redirect, client, seq, leader)
};

struct Protocol {
  using Message = std::variant<ClientRequest, Decided, Leader, Configure>;
  using Timer = std::variant<Flush>;
  using Output = std::variant<Propose, Executed, Reply, Redirect>;
};

}  // namespace lab5
