// Lab 3 public tests: a started node of a 3- or 5-node cluster under a NodeDriver.
#pragma once

#include <memory>

#include "labs/lab3-paxos/tests/common/table.hpp"
#include "runtime/testing/lab_engine.hpp"

namespace lab3::table {

/// A node `self` of cluster 1..n, started, driven by hand. Keeps its engine alive.
struct StartedNode {
  StartedNode(NodeId self, int n)
      : engine(dslab::labkit::make_lab_engine<Protocol>()), driver(*engine, self, ids(n)) {
    driver.start();
  }
  static std::vector<NodeId> ids(int n) {
    std::vector<NodeId> out;
    for (NodeId i = 1; i <= n; ++i) out.push_back(i);
    return out;
  }
  std::unique_ptr<dslab::engine::Engine<Protocol>> engine;
  Driver driver;
};

/// Shorthand: deliver from the environment (a client or the leader detector).
inline Deliver env(Message msg) { return Deliver{dslab::kEnvironment, std::move(msg)}; }

}  // namespace lab3::table
