// Lab 2, student-owned: wiring of the failure detector and leader detector to the runtime.
// The handout (labs/lab2-detector/README.md) explains what to write here.
#include "node.hpp"

namespace lab2 {

void DetectorNode::on_start(Context& ctx) {
  // TODO: alive = every node; reset the detector and the leader; announce the first leader
  // (output Trust); set the Timeout timer to the detector's delay.
  (void)ctx;
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatRequest& /*request*/) {
  // TODO: send a HeartbeatReply back to `from`.
  (void)ctx;
  (void)from;
}

void DetectorNode::on(Context& ctx, NodeId from, const HeartbeatReply& /*reply*/) {
  // TODO: `from` is alive.
  (void)ctx;
  (void)from;
}

void DetectorNode::on(Context& ctx, const Timeout& /*timer*/) {
  // TODO: run the detector's timeout procedure on alive; output Suspect/Restore for its changes
  // and Trust if the leader changed; send a HeartbeatRequest to every node (this one included);
  // clear alive; set the next Timeout with the detector's delay.
  (void)ctx;
}

void DetectorNode::announce_leader(Context& ctx) {
  // TODO: ask the leader rule about the detector's suspected set; output Trust on a change.
  (void)ctx;
}

}  // namespace lab2
