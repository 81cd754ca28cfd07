// Lab 2's reference on a real network: 3 node processes on loopback (runtime/net) elect the
// highest id, elect the next one after kill -9 of the leader, and take the old leader back when
// it restarts; a partition through the nodes' transports (fault frames) cuts the leader off
// until it heals. Waits on the nodes' outputs with generous deadlines; never sleeps.
#include <gtest/gtest.h>

#include <map>

#include "runtime/net/faults.hpp"
#include "runtime/net/local_cluster.hpp"
#include "runtime/net/testing/cluster_fixture.hpp"

namespace {

using dslab::NodeId;
using dslab::net::LocalCluster;
using namespace dslab::net::testing;
using namespace std::chrono_literals;

/// The leader node `id` trusts now (its last Trust output in this incarnation), 0 if none yet.
NodeId trusted(const LocalCluster& cluster, NodeId id) {
  const auto trust = cluster.last_output(id, "Trust");
  return trust ? (*trust)["leader"].get<NodeId>() : 0;
}

bool all_trust(const LocalCluster& cluster, std::initializer_list<NodeId> nodes, NodeId leader) {
  for (NodeId id : nodes) {
    if (trusted(cluster, id) != leader) return false;
  }
  return true;
}

std::string describe(const LocalCluster& cluster) {
  return dslab::net::testing::describe(
      cluster, [&](NodeId id) { return "trusts " + std::to_string(trusted(cluster, id)); });
}

TEST(RealNetwork, ThreeProcessesElectTheHighestIdAndTheNextAfterKill9OfTheLeader) {
  const ScratchDir dir("dslab-lab2-real");
  std::vector<pid_t> pids;
  {
    LocalCluster cluster({.program = DSLAB_NODE_PROGRAM, .replicas = 3, .work_dir = dir.path()});
    cluster.start_all();
    ASSERT_TRUE(cluster.wait_for([&] { return all_trust(cluster, {1, 2, 3}, 3); }, 20s))
        << "the 3 nodes did not all trust n3\n" << describe(cluster);
    cluster.kill(3);
    ASSERT_TRUE(cluster.wait_for([&] { return all_trust(cluster, {1, 2}, 2); }, 10s))
        << "after kill -9 of n3, nodes 1 and 2 did not trust n2 within 10 s\n" << describe(cluster);
    cluster.start(3);
    ASSERT_TRUE(cluster.wait_for([&] { return all_trust(cluster, {1, 2, 3}, 3); }, 20s))
        << "after n3 restarted, the nodes did not all trust n3 again\n" << describe(cluster);
    EXPECT_TRUE(cluster.unexpected_exits().empty()) << describe(cluster);
    pids = cluster.started_pids();
    EXPECT_EQ(pids.size(), 4u);
  }
  expect_all_gone(pids);
}

/// Sends each node its faults until every one reported them (its last "faults" event), as a
/// frame to a node not connected yet is lost.
bool set_faults(LocalCluster& cluster, dslab::net::FaultInjector& injector,
                const std::map<NodeId, dslab::net::NetFaults>& faults) {
  const auto reported = [&] {
    for (const auto& [id, f] : faults) {
      dslab::codec::Json last;
      for (const auto& e : cluster.current_events(id)) {
        if (e["event"] == "faults") last = e["faults"];
      }
      if (last != dslab::codec::to_json(f)) return false;
    }
    return true;
  };
  for (int attempt = 0; attempt < 50; ++attempt) {
    for (const auto& [id, f] : faults) injector.send(id, f);
    if (cluster.wait_for(reported, 200ms)) return true;
  }
  return false;
}

TEST(RealNetwork, APartitionThroughTheTransportsCutsTheLeaderOffUntilItHeals) {
  const ScratchDir dir("dslab-lab2-partition");
  std::vector<pid_t> pids;
  {
    LocalCluster cluster({.program = DSLAB_NODE_PROGRAM, .replicas = 3, .work_dir = dir.path()});
    cluster.start_all();
    ASSERT_TRUE(cluster.wait_for([&] { return all_trust(cluster, {1, 2, 3}, 3); }, 20s))
        << "the 3 nodes did not all trust n3\n" << describe(cluster);
    dslab::net::FaultInjector injector(cluster.config());
    ASSERT_TRUE(set_faults(cluster, injector, {{1, {.cut = {3}}}, {2, {.cut = {3}}}, {3, {.cut = {1, 2}}}}))
        << "the nodes did not report the partition\n" << describe(cluster);
    ASSERT_TRUE(cluster.wait_for([&] { return all_trust(cluster, {1, 2}, 2) && all_trust(cluster, {3}, 3); }, 10s))
        << "with n3 cut off, nodes 1 and 2 did not trust n2 (and n3 itself) within 10 s\n" << describe(cluster);
    // Healed, with every frame between nodes held 5 ms: n3 is trusted again.
    ASSERT_TRUE(set_faults(cluster, injector, {{1, {.delay = dslab::msec(5)}}, {2, {.delay = dslab::msec(5)}},
                                               {3, {.delay = dslab::msec(5)}}}))
        << "the nodes did not report the heal\n" << describe(cluster);
    ASSERT_TRUE(cluster.wait_for([&] { return all_trust(cluster, {1, 2, 3}, 3); }, 20s))
        << "after the partition healed, the nodes did not all trust n3 again\n" << describe(cluster);
    EXPECT_TRUE(cluster.unexpected_exits().empty()) << describe(cluster);
    pids = cluster.started_pids();
  }
  expect_all_gone(pids);
}

}  // namespace
