// Lab 2 leader rule, independent implementation C of the similarity tests: ranges and exchange.
#include "leader.hpp"

#include <algorithm>
#include <ranges>
#include <utility>

namespace lab2 {

void Leader::reset(std::span<const NodeId> nodes) {
  nodes_ = {nodes.begin(), nodes.end()};
  leader_ = kUnknownLeader;
}

std::optional<NodeId> Leader::on_suspected_changed(const std::set<NodeId>& suspected) {
  auto trusted = nodes_ | std::views::filter([&](NodeId n) { return !suspected.contains(n); });
  const NodeId best = std::ranges::empty(trusted) ? kUnknownLeader : std::ranges::max(trusted);
  if (std::exchange(leader_, best) == best) return std::nullopt;
  return best;
}

}  // namespace lab2
