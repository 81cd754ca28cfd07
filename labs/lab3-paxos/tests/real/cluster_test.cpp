// Lab 3's reference on a real network: 3 node processes on loopback (runtime/net, with the
// runtime's heartbeat leader detector) decide one value with the initial leader killed -9, and
// the killed node learns the same value when it restarts. Waits on the nodes' outputs with
// generous deadlines (client requests are resent, as clients retry); never sleeps.
#include <gtest/gtest.h>

#include "labs/lab3-paxos/api/protocol.hpp"
#include "runtime/net/injector.hpp"
#include "runtime/net/local_cluster.hpp"
#include "runtime/net/testing/cluster_fixture.hpp"

namespace {

using dslab::NodeId;
using dslab::net::LocalCluster;
using namespace dslab::net::testing;
using namespace std::chrono_literals;

/// The value node `id` decided (any incarnation), or nothing.
std::optional<std::string> decided(const LocalCluster& cluster, NodeId id) {
  const auto decision = cluster.first_output(id, "Decided");
  if (!decision) return std::nullopt;
  return (*decision)["value"].get<std::string>();
}

std::string describe(const LocalCluster& cluster) {
  return dslab::net::testing::describe(cluster, [&](NodeId id) {
    return "decided " + decided(cluster, id).value_or("nothing");
  });
}

TEST(RealNetwork, ThreeProcessesDecideOneValueWithTheLeaderKilled) {
  const ScratchDir dir("dslab-lab3-real");
  std::vector<pid_t> pids;
  {
    LocalCluster cluster({.program = DSLAB_NODE_PROGRAM, .replicas = 3, .work_dir = dir.path()});
    cluster.start_all();
    dslab::net::Injector<lab3::Protocol> clients(cluster.config());
    cluster.kill(3);  // the initial leader (highest id), before any value is proposed
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    bool done = false;
    while (!done && std::chrono::steady_clock::now() < deadline) {
      clients.send(1, lab3::ClientRequest{"apple"});
      clients.send(2, lab3::ClientRequest{"banana"});
      done = cluster.wait_for([&] { return decided(cluster, 1) && decided(cluster, 2); }, 200ms);
    }
    ASSERT_TRUE(done) << "nodes 1 and 2 did not both decide within 30 s\n" << describe(cluster);
    const std::string value = *decided(cluster, 1);
    EXPECT_EQ(decided(cluster, 2), value) << describe(cluster);
    EXPECT_TRUE(value == "apple" || value == "banana") << value;
    cluster.start(3);
    ASSERT_TRUE(cluster.wait_for([&] { return decided(cluster, 3).has_value(); }, 20s))
        << "the restarted n3 did not learn the decision\n" << describe(cluster);
    EXPECT_EQ(decided(cluster, 3), value) << describe(cluster);
    EXPECT_TRUE(cluster.unexpected_exits().empty()) << describe(cluster);
    pids = cluster.started_pids();
  }
  expect_all_gone(pids);
}

}  // namespace
