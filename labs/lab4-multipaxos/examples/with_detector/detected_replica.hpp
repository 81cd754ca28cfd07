// Lab 4 with the student's own lab 2 leader detector instead of the simulator's oracle: one node
// made of two parts (runtime/node/part.hpp), the lab 2 DetectorNode and the lab 4 Replica; the
// detector's Trust{id} outputs become Leader{id} notifications of the replica.
#pragma once

#include <functional>
#include <string_view>
#include <variant>

// Both labs name their node header node.hpp; CMake passes each lab's path (its student folder).
#include DSLAB_LAB2_NODE_HEADER
#include DSLAB_LAB4_NODE_HEADER
#include "runtime/node/part.hpp"

namespace lab4::with_detector {

/// A replica's message on the wire, wrapped (the parts' protocols share one wire).
struct ReplicaMessage {
  lab4::Protocol::Message inner;
  DSLAB_STATE(ReplicaMessage, inner)
};
/// A detector's message (HeartbeatRequest / HeartbeatReply), wrapped.
struct DetectorMessage {
  lab2::Protocol::Message inner;
  DSLAB_STATE(DetectorMessage, inner)
};
/// The replica's Tick, wrapped.
struct ReplicaTimer {
  lab4::Protocol::Timer inner;
  DSLAB_STATE(ReplicaTimer, inner)
};
/// The detector's Timeout, wrapped.
struct DetectorTimer {
  lab2::Protocol::Timer inner;
  DSLAB_STATE(DetectorTimer, inner)
};

/// The composed node's protocol: both parts' messages and timers; the replica's outputs
/// (Delivered, Redirect). Clients send ReplicaMessage{ClientRequest{...}}.
struct Protocol {
  using Message = std::variant<ReplicaMessage, DetectorMessage>;
  using Timer = std::variant<ReplicaTimer, DetectorTimer>;
  using Output = lab4::Protocol::Output;
};

/// How each part sits in the composed node (its wrappers and its stable-storage prefix).
struct ReplicaInNode {
  using Parent = with_detector::Protocol;
  using Child = lab4::Protocol;
  static constexpr std::string_view storage_prefix = "replica/";
  static Parent::Message message(Child::Message m) { return ReplicaMessage{std::move(m)}; }
  static Parent::Timer timer(Child::Timer t) { return ReplicaTimer{std::move(t)}; }
};
struct DetectorInNode {
  using Parent = with_detector::Protocol;
  using Child = lab2::Protocol;
  static constexpr std::string_view storage_prefix = "detector/";
  static Parent::Message message(Child::Message m) { return DetectorMessage{std::move(m)}; }
  static Parent::Timer timer(Child::Timer t) { return DetectorTimer{std::move(t)}; }
};

/// A Multi-Paxos replica whose leader detector is lab 2's: Trust{id} -> Leader{id}.
class DetectedReplica {
 public:
  using Protocol = with_detector::Protocol;
  using Context = dslab::node::Context<Protocol>;
  using ReplicaPart = dslab::node::Part<ReplicaInNode>;
  using DetectorPart = dslab::node::Part<DetectorInNode>;

  /// Starts the replica (it reloads its storage), then the detector (its first Trust).
  void on_start(Context& ctx) {
    ReplicaPart::start(replica_, ctx, emit);
    DetectorPart::start(detector_, ctx, trust());
  }
  void on(Context& ctx, NodeId from, const ReplicaMessage& m) {
    ReplicaPart::deliver(replica_, ctx, from, m.inner, emit);
  }
  void on(Context& ctx, NodeId from, const DetectorMessage& m) {
    DetectorPart::deliver(detector_, ctx, from, m.inner, trust());
  }
  void on(Context& ctx, const ReplicaTimer& t) { ReplicaPart::fire(replica_, ctx, t.inner, emit); }
  void on(Context& ctx, const DetectorTimer& t) {
    DetectorPart::fire(detector_, ctx, t.inner, trust());
  }

 private:
  /// The replica's outputs are the node's.
  static void emit(Context& ctx, const lab4::Protocol::Output& out) { ctx.output(out); }
  /// The detector's Trust becomes the replica's Leader (Suspect / Restore are not needed).
  std::function<void(Context&, const lab2::Protocol::Output&)> trust() {
    return [this](Context& ctx, const lab2::Protocol::Output& out) {
      if (const auto* t = std::get_if<lab2::Trust>(&out)) {
        ReplicaPart::deliver(replica_, ctx, dslab::kEnvironment, lab4::Leader{t->leader}, emit);
      }
    };
  }

  lab4::Replica replica_;
  lab2::DetectorNode detector_;
  DSLAB_STATE(DetectedReplica, replica_, detector_)
};

}  // namespace lab4::with_detector
