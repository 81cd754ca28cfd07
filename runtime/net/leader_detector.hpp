// The runtime's eventual leader detector for real runs of labs that use a leader oracle in
// simulation (labs 3-4): heartbeats every period, a peer is trusted while heard from within the
// timeout, and the leader is the highest trusted id (this node always trusts itself). Pure: the
// caller feeds it the clock and the frames; tested with tables of events.
#pragma once

#include <map>
#include <optional>
#include <span>

#include "runtime/node/types.hpp"

namespace dslab::net {

/// Settings of the detector.
struct LeaderDetectorOptions {
  Duration heartbeat_period = msec(50);  ///< how often this node sends heartbeats
  Duration timeout = msec(300);          ///< silence after which a peer is no longer trusted
};

/// One node's detector. Not thread-safe.
class LeaderDetector {
 public:
  /// Every node of `nodes` starts trusted (heard from at `now`), as in lab 2.
  LeaderDetector(NodeId self, std::span<const NodeId> nodes, Time now,
                 LeaderDetectorOptions options = {});

  /// Any frame from `peer` at `now` (a heartbeat or a message) shows it is alive.
  void heard(NodeId peer, Time now);
  /// True when heartbeats are due at `now` (then they count as sent).
  bool heartbeat_due(Time now);
  /// When the detector next needs the clock after `now` (a heartbeat, or a trusted higher
  /// peer's timeout).
  Time next_deadline(Time now) const;
  /// The leader at `now` if it changed since the last call (the first call always reports).
  std::optional<NodeId> changed(Time now);
  /// The current leader at `now`.
  NodeId leader(Time now) const;

 private:
  NodeId self_;
  LeaderDetectorOptions options_;
  std::map<NodeId, Time> last_heard_;
  Time next_heartbeat_;
  std::optional<NodeId> reported_;
};

}  // namespace dslab::net
