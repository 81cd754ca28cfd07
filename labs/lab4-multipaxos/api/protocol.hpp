// Lab 4 (Multi-Paxos): the messages, timers and outputs every replica speaks (trusted).
// Students and tests compile against this file; it is not student-owned.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "runtime/codec/state.hpp"
#include "runtime/node/types.hpp"

namespace lab4 {

using dslab::Duration;
using dslab::NodeId;

/// A ballot (round) number. Node p of n uses only p, p+n, p+2n, ... (unique across nodes).
/// kNoRound (0) means "none yet" and is below every real round.
using Round = std::int64_t;
inline constexpr Round kNoRound = 0;

/// A position in the replicated log. Slots are numbered from 1; kNoSlot (0) means "none".
using Slot = std::int64_t;
inline constexpr Slot kNoSlot = 0;

/// What the log holds: an opaque client command (lab 5 gives it meaning). client == 0 is the
/// no-op a leader proposes to fill a gap.
struct Command {
  std::int32_t client = 0;
  std::uint64_t seq = 0;  ///< the client's sequence number (a retry repeats it)
  std::string payload;
  DSLAB_STATE(Command, client, seq, payload)
};

/// The no-op: fills a slot no one proposed anything in.
inline Command noop() { return Command{}; }
inline bool is_noop(const Command& c) { return c.client == 0; }

// ---- from the environment (sender dslab::kEnvironment) ----

/// A client asks for `command` to be appended to the log. Clients retry (same client and seq)
/// at any replica until one outputs Delivered with it.
struct ClientRequest {
  Command command;
  DSLAB_STATE(ClientRequest, command)
};

/// The leader detector's notification: the receiver should now believe `leader` leads.
/// In graded tests the simulator's oracle sends it (wrong and changing until it stabilises).
struct Leader {
  NodeId leader = 0;
  DSLAB_STATE(Leader, leader)
};

// ---- between replicas ----

/// Phase 1a, leader -> every acceptor: round `round` for every slot at or above `slot`.
struct Prepare {
  Slot slot = kNoSlot;
  Round round = kNoRound;
  DSLAB_STATE(Prepare, slot, round)
};

/// One slot an acceptor has accepted something in.
struct AcceptedSlot {
  Slot slot = kNoSlot;
  Round round = kNoRound;
  Command command;
  DSLAB_STATE(AcceptedSlot, slot, round, command)
};

/// Phase 1b, acceptor -> the leader of `round`: a promise for every slot at or above `slot`,
/// with every slot at or above `slot` that the acceptor accepted, ascending by slot.
struct Promise {
  Slot slot = kNoSlot;
  Round round = kNoRound;
  std::vector<AcceptedSlot> accepted;
  DSLAB_STATE(Promise, slot, round, accepted)
};

/// Phase 2a, leader -> every acceptor: accept `command` in `slot` at `round`.
struct Accept {
  Slot slot = kNoSlot;
  Round round = kNoRound;
  Command command;
  DSLAB_STATE(Accept, slot, round, command)
};

/// Phase 2b, acceptor -> every learner (every replica): "I accepted `command` in `slot` at
/// `round`".
struct Learn {
  Slot slot = kNoSlot;
  Round round = kNoRound;
  Command command;
  DSLAB_STATE(Learn, slot, round, command)
};

/// Acceptor -> leader: your Prepare or Accept of `round` was refused because I promised
/// `promised` (> round). The leader stops leading until it runs phase 1 again.
struct Reject {
  Round round = kNoRound;
  Round promised = kNoRound;
  DSLAB_STATE(Reject, round, promised)
};

/// A replica that lacks decided slots asks a peer for every decided slot from `from` on.
struct CatchUp {
  Slot from = kNoSlot;
  DSLAB_STATE(CatchUp, from)
};

/// One decided slot.
struct Decision {
  Slot slot = kNoSlot;
  Command command;
  DSLAB_STATE(Decision, slot, command)
};

/// The answer to CatchUp: decided slots the asker lacks, ascending (at most kCatchUpBatch).
struct Decisions {
  std::vector<Decision> decided;
  DSLAB_STATE(Decisions, decided)
};

/// The only timer: "check progress" (resend what is not decided, retry phase 1, catch up).
struct Tick {
  DSLAB_STATE(Tick)
};

// ---- outputs ----

/// Slot `slot` is executed at this replica: every slot in order 1, 2, 3, ..., each once per
/// replica over the whole run (also across restarts); a no-op slot is Delivered with noop().
struct Delivered {
  Slot slot = kNoSlot;
  Command command;
  DSLAB_STATE(Delivered, slot, command)
};

/// A replica that does not lead answers a client request with the leader it believes in
/// (0 when it knows none).
struct Redirect {
  std::int32_t client = 0;
  std::uint64_t seq = 0;
  NodeId leader = 0;
  DSLAB_STATE(Redirect, client, seq, leader)
};

struct Protocol {
  using Message = std::variant<ClientRequest, Leader, Prepare, Promise, Accept, Learn, Reject,
                               CatchUp, Decisions>;
  using Timer = std::variant<Tick>;
  using Output = std::variant<Delivered, Redirect>;
};

/// Period of the Tick timer (a replica may add up to a quarter of it as random jitter).
inline constexpr Duration kTickPeriod = dslab::msec(100);

/// Most slots a leader has proposed and not yet seen decided (the pipelining window).
inline constexpr int kWindow = 8;

/// Most decided slots in one Decisions answer.
inline constexpr int kCatchUpBatch = 64;

/// Majority of a cluster of `n` replicas: the quorum of phase 1, phase 2 and learning.
constexpr int quorum(int n) { return n / 2 + 1; }

/// Message budget (see the handout): with a stable leader and no faults, one client command
/// costs at most n Accept + n*n Learn (self-sends counted), whatever the phase-1 cost.
constexpr int max_phase2_messages_per_command(int n) { return n + n * n; }

}  // namespace lab4
