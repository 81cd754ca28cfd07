// Lab 4's reference on a real network: 3 replica processes on loopback (runtime/net, with the
// runtime's heartbeat leader detector) deliver the same log of client commands, go on after
// kill -9 of the leader, and the restarted replica catches up on what it missed. Waits on the
// nodes' outputs with generous deadlines (requests are resent, as clients retry); never sleeps.
#include <gtest/gtest.h>

#include <map>

#include "labs/lab4-multipaxos/api/protocol.hpp"
#include "runtime/net/injector.hpp"
#include "runtime/net/local_cluster.hpp"
#include "runtime/net/testing/cluster_fixture.hpp"

namespace {

using dslab::NodeId;
using dslab::net::LocalCluster;
using lab4::Command;
using namespace dslab::net::testing;
using namespace std::chrono_literals;

/// Node `id`'s log as it delivered it (every incarnation): slot -> "client:seq" ("noop").
std::map<std::int64_t, std::string> delivered(const LocalCluster& cluster, NodeId id) {
  std::map<std::int64_t, std::string> log;
  for (const auto& e : cluster.events()) {
    if (e.node != id || e.json["event"] != "output" || e.json["output"]["type"] != "Delivered") {
      continue;
    }
    const auto& out = e.json["output"];
    const auto& command = out["command"];
    const auto client = command["client"].get<std::int32_t>();
    log[out["slot"].get<std::int64_t>()] =
        client == 0 ? "noop"
                    : std::to_string(client) + ":" + std::to_string(command["seq"].get<std::uint64_t>());
  }
  return log;
}

/// True if node `id` delivered client 1's commands 1..n (in any slots).
bool has_all(const LocalCluster& cluster, NodeId id, std::uint64_t n) {
  const auto log = delivered(cluster, id);
  for (std::uint64_t seq = 1; seq <= n; ++seq) {
    bool found = false;
    for (const auto& [slot, text] : log) found = found || text == "1:" + std::to_string(seq);
    if (!found) return false;
  }
  return true;
}

std::string describe(const LocalCluster& cluster) {
  return dslab::net::testing::describe(cluster, [&](NodeId id) {
    return "delivered " + std::to_string(delivered(cluster, id).size()) + " slots";
  });
}

/// Sends client 1's commands 1..n to every node in `to` until each of `wait_on` delivered them
/// all or `timeout` passed (a lost or refused request is simply resent, as a client retries).
bool replicate(LocalCluster& cluster, dslab::net::Injector<lab4::Protocol>& clients,
               std::initializer_list<NodeId> to, std::initializer_list<NodeId> wait_on,
               std::uint64_t n, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto done = [&] {
    for (NodeId id : wait_on) {
      if (!has_all(cluster, id, n)) return false;
    }
    return true;
  };
  while (std::chrono::steady_clock::now() < deadline) {
    for (std::uint64_t seq = 1; seq <= n; ++seq) {
      for (NodeId id : to) {
        clients.send(id, lab4::ClientRequest{Command{.client = 1, .seq = seq, .payload = "op"}});
      }
    }
    if (cluster.wait_for(done, 200ms)) return true;
  }
  return done();
}

/// Every two nodes that delivered a slot delivered the same command there.
void expect_agreement(const LocalCluster& cluster) {
  std::map<std::int64_t, std::pair<NodeId, std::string>> first;
  for (NodeId id : cluster.ids()) {
    for (const auto& [slot, text] : delivered(cluster, id)) {
      const auto [it, fresh] = first.emplace(slot, std::make_pair(id, text));
      EXPECT_TRUE(fresh || it->second.second == text)
          << "slot " << slot << ": n" << it->second.first << " delivered " << it->second.second
          << " but n" << id << " delivered " << text << "\n" << describe(cluster);
    }
  }
}

TEST(RealNetwork, ThreeReplicasAgreeOnTheLogAcrossKill9OfTheLeaderAndCatchUp) {
  const ScratchDir dir("dslab-lab4-real");
  std::vector<pid_t> pids;
  {
    LocalCluster cluster({.program = DSLAB_NODE_PROGRAM, .replicas = 3, .work_dir = dir.path()});
    cluster.start_all();
    dslab::net::Injector<lab4::Protocol> clients(cluster.config());
    ASSERT_TRUE(replicate(cluster, clients, {1, 2, 3}, {1, 2, 3}, 5, 30s))
        << "the 3 replicas did not all deliver commands 1..5 within 30 s\n" << describe(cluster);
    cluster.kill(3);  // the leader: the detector trusts the highest live id
    ASSERT_TRUE(replicate(cluster, clients, {1, 2}, {1, 2}, 10, 30s))
        << "after kill -9 of n3, nodes 1 and 2 did not deliver commands 1..10 within 30 s\n"
        << describe(cluster);
    cluster.start(3);
    ASSERT_TRUE(replicate(cluster, clients, {1, 2}, {3}, 10, 30s))
        << "the restarted n3 did not catch up on commands 1..10 within 30 s\n" << describe(cluster);
    expect_agreement(cluster);
    EXPECT_TRUE(cluster.unexpected_exits().empty()) << describe(cluster);
    pids = cluster.started_pids();
    EXPECT_EQ(pids.size(), 4u);
  }
  expect_all_gone(pids);
}

}  // namespace
