// Lab 2, student-owned: the node that wires the failure detector and the leader detector to the
// runtime (timer and heartbeat messages through the context; Suspect/Restore/Trust as outputs).
#pragma once

#include <set>

#include "detector.hpp"
#include "labs/lab2-detector/api/protocol.hpp"
#include "leader.hpp"

namespace lab2 {

/// One node of the cluster. Keeps nothing in stable storage: after a crash it starts fresh.
/// Not thread-safe (nodes are single-threaded by contract).
class DetectorNode {
 public:
  using Protocol = lab2::Protocol;
  using Context = dslab::node::Context<Protocol>;

  /// Initialises the detector (alive = every node) and the leader, announces the first leader,
  /// and starts the timeout timer with kInitialDelay. Sends nothing.
  void on_start(Context& ctx);
  /// HeartbeatRequest from q: reply to q.
  void on(Context& ctx, NodeId from, const HeartbeatRequest& request);
  /// HeartbeatReply from p: p is alive.
  void on(Context& ctx, NodeId from, const HeartbeatReply& reply);
  /// Timeout: runs the timeout procedure, reports its changes, sends a HeartbeatRequest to every
  /// node (this one included), clears alive and sets the next timeout.
  void on(Context& ctx, const Timeout& timer);

 private:
  void announce_leader(Context& ctx);

  std::set<NodeId> alive_;
  Detector detector_;
  Leader leader_;
  DSLAB_STATE(DetectorNode, alive_, detector_, leader_)
};

}  // namespace lab2
