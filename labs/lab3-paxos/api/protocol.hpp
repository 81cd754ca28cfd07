// Lab 3 (single-decree Paxos): the messages, timers and outputs every node speaks (trusted).
// Students and tests compile against this file; it is not student-owned.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "runtime/codec/state.hpp"
#include "runtime/node/types.hpp"

namespace lab3 {

using dslab::Duration;
using dslab::NodeId;

/// A ballot (round) number. Proposer p of n nodes uses only p, p+n, p+2n, ... so rounds are
/// unique across proposers. kNoRound (0) means "none yet" and is below every real round.
using Round = std::int64_t;
inline constexpr Round kNoRound = 0;

/// What the cluster agrees on: one client value.
using Value = std::string;

// ---- from the environment (sender dslab::kEnvironment) ----

/// A client asks the cluster to decide `value`. Clients retry: the same or another value may
/// arrive again, at any node, until that node outputs a decision.
struct ClientRequest {
  Value value;
  DSLAB_STATE(ClientRequest, value)
};

/// The leader detector's notification: the receiver should now believe `leader` leads.
/// In graded tests the simulator's oracle sends it (wrong and changing until it stabilises).
struct Leader {
  NodeId leader = 0;
  DSLAB_STATE(Leader, leader)
};

// ---- between nodes ----

/// Phase 1a, proposer -> every acceptor.
struct Prepare {
  Round round = kNoRound;
  DSLAB_STATE(Prepare, round)
};

/// Phase 1b, acceptor -> the proposer of `round`: a promise never to accept below `round`, with
/// the acceptor's last accepted proposal (accepted_round == kNoRound when it accepted nothing).
struct Promise {
  Round round = kNoRound;
  Round accepted_round = kNoRound;
  Value accepted_value;
  DSLAB_STATE(Promise, round, accepted_round, accepted_value)
};

/// Phase 2a, proposer -> every acceptor.
struct Accept {
  Round round = kNoRound;
  Value value;
  DSLAB_STATE(Accept, round, value)
};

/// Phase 2b, acceptor -> every learner (every node): "I accepted `value` in `round`".
struct Accepted {
  Round round = kNoRound;
  Value value;
  DSLAB_STATE(Accepted, round, value)
};

/// Optional hint, acceptor -> proposer: your Prepare/Accept of `round` was refused because I
/// promised `promised`. Lets a proposer skip ahead instead of guessing.
struct Nack {
  Round round = kNoRound;
  Round promised = kNoRound;
  DSLAB_STATE(Nack, round, promised)
};

/// An undecided node asks the others whether a value was decided.
struct Query {
  DSLAB_STATE(Query)
};

/// Answer of a node that has decided: the decided value.
struct Chosen {
  Value value;
  DSLAB_STATE(Chosen, value)
};

/// The only timer: "check progress" (retry a round, or ask for the decision).
struct Progress {
  DSLAB_STATE(Progress)
};

/// The node's output, its reply to the clients: the decided value. Exactly once per node over a
/// whole run (a node that restarts after deciding does not output it again).
struct Decided {
  Value value;
  DSLAB_STATE(Decided, value)
};

struct Protocol {
  using Message =
      std::variant<ClientRequest, Leader, Prepare, Promise, Accept, Accepted, Nack, Query, Chosen>;
  using Timer = std::variant<Progress>;
  using Output = std::variant<Decided>;
};

/// Period of the progress timer (a node may add up to half of it as random jitter).
inline constexpr Duration kProgressTimeout = dslab::msec(200);

/// Majority of a cluster of `n` nodes: the quorum size of proposers and learners.
constexpr int quorum(int n) { return n / 2 + 1; }

/// Message bound (see the handout): failure-free, stable leader, one client value, a decision at
/// every node costs at most n Prepare + n Promise + n Accept + n*n Accepted (self-sends counted).
constexpr int max_messages_per_decision(int n) { return 3 * n + n * n; }

}  // namespace lab3
