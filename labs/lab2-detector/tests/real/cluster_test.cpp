// Lab 2's reference on a real network: 3 node processes on loopback (runtime/net) elect the
// highest id, elect the next one after kill -9 of the leader, and take the old leader back when
// it restarts. Waits on the nodes' outputs with generous deadlines; never sleeps.
#include <gtest/gtest.h>

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

}  // namespace
