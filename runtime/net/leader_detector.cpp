// LeaderDetector: highest id heard from within the timeout.
#include "runtime/net/leader_detector.hpp"

#include <algorithm>

namespace dslab::net {

LeaderDetector::LeaderDetector(NodeId self, std::span<const NodeId> nodes, Time now,
                               LeaderDetectorOptions options)
    : self_(self), options_(options), next_heartbeat_(now) {
  for (NodeId id : nodes) last_heard_[id] = now;
}

void LeaderDetector::heard(NodeId peer, Time now) {
  auto it = last_heard_.find(peer);
  if (it != last_heard_.end()) it->second = std::max(it->second, now);
}

bool LeaderDetector::heartbeat_due(Time now) {
  if (now < next_heartbeat_) return false;
  next_heartbeat_ = now + options_.heartbeat_period;
  return true;
}

Time LeaderDetector::next_deadline(Time now) const {
  Time next = next_heartbeat_;
  for (const auto& [id, heard_at] : last_heard_) {
    const Time expiry = heard_at + options_.timeout + 1;
    if (id > self_ && expiry > now && expiry < next) next = expiry;
  }
  return next;
}

NodeId LeaderDetector::leader(Time now) const {
  NodeId best = self_;
  for (const auto& [id, heard_at] : last_heard_) {
    if (id > best && now - heard_at <= options_.timeout) best = id;
  }
  return best;
}

std::optional<NodeId> LeaderDetector::changed(Time now) {
  const NodeId current = leader(now);
  if (reported_ == current) return std::nullopt;
  reported_ = current;
  return current;
}

}  // namespace dslab::net
