// Inputs from outside the cluster on a real network: sends protocol messages to nodes as the
// environment (sender kEnvironment, as clients and the oracle in the simulator). Used by trusted
// tests and `dslab cluster`; like any send, an input may be lost, so callers retry.
#pragma once

#include "runtime/net/cluster.hpp"
#include "runtime/net/frame.hpp"
#include "runtime/net/transport.hpp"

namespace dslab::net {

/// A send-only endpoint to every node of a cluster. Not thread-safe.
template <class P>
class Injector {
 public:
  explicit Injector(const ClusterConfig& cluster) : transport_(options(cluster)) {}

  /// Sends `msg` to node `to` from kEnvironment. False if it was lost (not connected yet, queue
  /// full).
  bool send(NodeId to, const typename P::Message& msg) {
    encode_message<P>(kEnvironment, msg, frame_, scratch_);
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
  codec::Bytes scratch_;
};

}  // namespace dslab::net
