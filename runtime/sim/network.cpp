// Fault model helpers: swarm settings, descriptions, and the link matrix.
#include "runtime/sim/network.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace dslab::sim {

NetworkConfig NetworkConfig::swarm(random::Rng& rng) {
  NetworkConfig c;
  c.min_latency = usec(rng.between(100, 2000));
  c.max_latency = c.min_latency + usec(rng.between(0, 20000));
  // Each fault kind is present in about half of the runs, at a rate up to 1/5.
  if (rng.chance({1, 2})) c.drop = {static_cast<std::uint32_t>(rng.between(1, 20)), 100};
  if (rng.chance({1, 2})) c.duplicate = {static_cast<std::uint32_t>(rng.between(1, 20)), 100};
  if (rng.chance({1, 2})) {
    c.spike = {static_cast<std::uint32_t>(rng.between(1, 20)), 100};
    c.spike_max = msec(rng.between(10, 500));
  }
  return c;
}

std::string NetworkConfig::describe() const {
  return fmt::format("latency {}-{}, drop {}/{}, duplicate {}/{}, spike {}/{} up to {}{}",
                     format_time(min_latency), format_time(max_latency), drop.num, drop.den,
                     duplicate.num, duplicate.den, spike.num, spike.den, format_time(spike_max),
                     faulty_self ? ", self-addressed messages too" : "");
}

Links::Links(int nodes)
    : nodes_(nodes), cut_(static_cast<std::size_t>(nodes) * static_cast<std::size_t>(nodes)) {}

void Links::set(NodeId from, NodeId to, bool cut) {
  if (from < 1 || from > nodes_ || to < 1 || to > nodes_) {
    throw std::out_of_range(fmt::format("link n{}->n{} outside cluster of {}", from, to, nodes_));
  }
  auto ref = cut_[static_cast<std::size_t>((from - 1) * nodes_ + (to - 1))];
  if (ref != cut) cut_count_ += cut ? 1 : -1;
  ref = cut;
}

void Links::partition(const std::vector<std::set<NodeId>>& groups) {
  std::vector<int> group_of(static_cast<std::size_t>(nodes_) + 1, -1);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (NodeId n : groups[g]) {
      if (n < 1 || n > nodes_) throw std::out_of_range(fmt::format("no node n{}", n));
      group_of[static_cast<std::size_t>(n)] = static_cast<int>(g);
    }
  }
  for (NodeId a = 1; a <= nodes_; ++a) {
    for (NodeId b = 1; b <= nodes_; ++b) {
      if (a == b) continue;
      const int ga = group_of[static_cast<std::size_t>(a)];
      const int gb = group_of[static_cast<std::size_t>(b)];
      if (ga < 0 || gb < 0 || ga != gb) set(a, b, true);
    }
  }
}

void Links::block(NodeId from, NodeId to) {
  if (from != to) set(from, to, true);
}

void Links::heal() {
  std::fill(cut_.begin(), cut_.end(), false);
  cut_count_ = 0;
}

bool Links::connected(NodeId from, NodeId to) const {
  if (from == to || cut_count_ == 0) return true;
  if (from < 1 || from > nodes_ || to < 1 || to > nodes_) return true;
  return !cut_[static_cast<std::size_t>((from - 1) * nodes_ + (to - 1))];
}

}  // namespace dslab::sim
