// Lab 2's reference on a real network: 3 node processes on loopback (runtime/net) elect the
// highest id, elect the next one after kill -9 of the leader, and take the old leader back when
// it restarts. Waits on the nodes' outputs with generous deadlines; never sleeps.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/net/local_cluster.hpp"

namespace {

using dslab::NodeId;
using dslab::net::LocalCluster;
using namespace std::chrono_literals;

/// The leader node `id` trusts now (its last Trust output in this incarnation), 0 if none yet.
NodeId trusted(const LocalCluster& cluster, NodeId id) {
  NodeId leader = 0;
  for (const auto& e : cluster.current_events(id)) {
    if (e["event"] == "output" && e["output"]["type"] == "Trust") {
      leader = e["output"]["leader"].get<NodeId>();
    }
  }
  return leader;
}

bool all_trust(const LocalCluster& cluster, std::initializer_list<NodeId> nodes, NodeId leader) {
  for (NodeId id : nodes) {
    if (trusted(cluster, id) != leader) return false;
  }
  return true;
}

std::string describe(const LocalCluster& cluster) {
  std::string out;
  for (NodeId id : cluster.ids()) {
    out += "n" + std::to_string(id) + " trusts " + std::to_string(trusted(cluster, id)) +
           "; log tail:\n" + cluster.log_tail(id, 8);
  }
  for (const auto& exit : cluster.unexpected_exits()) out += exit + "\n";
  return out;
}

TEST(RealNetwork, ThreeProcessesElectTheHighestIdAndTheNextAfterKill9OfTheLeader) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dslab-lab2-real-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::vector<pid_t> pids;
  {
    LocalCluster cluster({.program = DSLAB_NODE_PROGRAM, .replicas = 3, .work_dir = dir});
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
  for (pid_t pid : pids) {
    EXPECT_TRUE(::kill(pid, 0) != 0 && errno == ESRCH) << "pid " << pid << " still exists";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
