// Lab 2 (failure detector and leader election): the trusted protocol — messages, the timer,
// the outputs, and the constants of the algorithm. Students include it; they do not edit it.
#pragma once

#include <variant>

#include "runtime/node/context.hpp"

namespace lab2 {

using dslab::Duration;
using dslab::NodeId;

/// Δ: what the timeout delay grows by each time a timeout discovers a false suspicion.
inline constexpr Duration kDelta = dslab::msec(100);
/// The timeout delay a node starts with (on every start, also after a restart).
inline constexpr Duration kInitialDelay = kDelta;
/// The leader value meaning "no leader known" (every node is suspected).
inline constexpr NodeId kUnknownLeader = 0;

/// "Are you there?" Sent by a node to every node (itself included) at each timeout.
struct HeartbeatRequest {
  DSLAB_STATE(HeartbeatRequest)
};
/// "I am here." The answer to a HeartbeatRequest, sent back to the requester.
struct HeartbeatReply {
  DSLAB_STATE(HeartbeatReply)
};

/// The detector's periodic timer: the timeout procedure runs when it fires.
struct Timeout {
  DSLAB_STATE(Timeout)
};

/// Output: this node now suspects `node` (it was not suspected before).
struct Suspect {
  NodeId node = 0;
  DSLAB_STATE(Suspect, node)
};
/// Output: this node no longer suspects `node` (it was suspected before).
struct Restore {
  NodeId node = 0;
  DSLAB_STATE(Restore, node)
};
/// Output: this node's leader changed to `leader` (kUnknownLeader when every node is suspected).
struct Trust {
  NodeId leader = kUnknownLeader;
  DSLAB_STATE(Trust, leader)
};

/// The lab's protocol, as the runtime expects it.
struct Protocol {
  using Message = std::variant<HeartbeatRequest, HeartbeatReply>;
  using Timer = std::variant<Timeout>;
  using Output = std::variant<Suspect, Restore, Trust>;
};

}  // namespace lab2
