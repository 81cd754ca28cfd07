// Network faults on a real network, applied by the nodes' own transports: a node told
// NetFaults (a fault frame from the environment) stops hearing from and sending to the peers it
// is cut from (a partition), loses a share of its frames to peers, or holds them for a delay.
// `dslab cluster --faults` drives them with a FaultInjector; clients are never affected.
#pragma once

#include <algorithm>
#include <deque>
#include <optional>
#include <span>

#include "runtime/net/cluster.hpp"
#include "runtime/net/frame.hpp"
#include "runtime/net/transport.hpp"
#include "runtime/random/random.hpp"

namespace dslab::net {

/// One node's fault state: the fate of each frame it sends to a peer, and which peers it hears.
/// Not thread-safe.
class FaultGate {
 public:
  /// `seed`: the stream that decides drops (not the node's own random stream).
  explicit FaultGate(std::uint64_t seed) : rng_(seed) {}

  void set(NetFaults faults) { faults_ = std::move(faults); }
  const NetFaults& faults() const { return faults_; }
  /// False when this node is cut from `from` (the environment is always heard).
  bool hears(NodeId from) const {
    return from == kEnvironment ||
           std::find(faults_.cut.begin(), faults_.cut.end(), from) == faults_.cut.end();
  }
  /// A frame for peer `to` at time `now`: true if it goes out now; false if it is lost or held
  /// (a held frame comes out of release()).
  bool admit(NodeId to, std::span<const std::byte> frame, Time now) {
    if (!hears(to) || (faults_.drop_per_mille > 0 && rng_.chance({faults_.drop_per_mille, 1000}))) {
      ++lost_;
      return false;
    }
    if (faults_.delay <= 0) return true;
    held_.push_back(Held{now + faults_.delay, to, codec::Bytes(frame.begin(), frame.end())});
    return false;
  }
  /// When the first held frame is due, if any.
  std::optional<Time> next_due() const {
    if (held_.empty()) return std::nullopt;
    return held_.front().due;
  }
  /// Hands every held frame due by `now` to `send(to, frame)`, in the order they were held.
  template <class Send>
  void release(Time now, Send&& send) {
    while (!held_.empty() && held_.front().due <= now) {
      send(held_.front().to, std::span<const std::byte>(held_.front().frame));
      held_.pop_front();
    }
  }
  /// Frames lost to the faults so far.
  std::uint64_t lost() const { return lost_; }

 private:
  struct Held {
    Time due = 0;
    NodeId to = 0;
    codec::Bytes frame;
  };
  NetFaults faults_;
  random::Rng rng_;
  std::deque<Held> held_;
  std::uint64_t lost_ = 0;
};

/// Sends fault frames to the nodes of a cluster (from the environment). Not thread-safe.
class FaultInjector {
 public:
  explicit FaultInjector(const ClusterConfig& cluster) : transport_(options(cluster)) {}

  /// Tells node `to` the faults to apply from now on (replacing earlier ones). False if the
  /// frame was lost (not connected yet): callers resend, a node ignores a repeat.
  bool send(NodeId to, const NetFaults& faults) {
    encode_faults(faults, frame_);
    return transport_.send(to, frame_);
  }

 private:
  static TransportOptions options(const ClusterConfig& cluster) {
    TransportOptions t;
    for (NodeId id : cluster.ids()) t.peers[id] = cluster.connect_endpoint(id);
    return t;
  }
  Transport transport_;
  codec::Bytes frame_;
};

}  // namespace dslab::net
