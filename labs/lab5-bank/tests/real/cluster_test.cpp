// Lab 5's reference on a real network: 3 bank nodes (the bank replica over the lab 4 replica,
// bin/lab5_node) on loopback serve 3 closed-loop clients through kill -9 of the leader and its
// restart (which replays its decided log); the client history is linearizable under the bank
// model. Waits on the clients' answers with deadlines; never sleeps.
#include <gtest/gtest.h>

#include "labs/lab5-bank/real/bank_clients.hpp"
#include "runtime/net/local_cluster.hpp"
#include "runtime/net/testing/cluster_fixture.hpp"

namespace {

using dslab::NodeId;
using dslab::net::LocalCluster;
using lab5::real::BankClients;
using namespace dslab::net::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string describe(const LocalCluster& cluster, const BankClients& clients) {
  return "clients: " + std::to_string(clients.answered()) + " answered, " +
         std::to_string(clients.retries()) + " retries, " + std::to_string(clients.redirects()) +
         " redirects\n" +
         dslab::net::testing::describe(cluster, [&](NodeId id) {
           return cluster.running(id) ? std::string("up") : std::string("down");
         });
}

/// The leader node 1 believes in now (the runtime detector's last notification), else 0.
NodeId leader_seen_by(const LocalCluster& cluster, NodeId id) {
  NodeId leader = 0;
  for (const auto& e : cluster.current_events(id)) {
    if (e["event"] == "leader") leader = e["leader"].get<NodeId>();
  }
  return leader;
}

/// Runs the clients until `more` further operations are answered (false after `timeout`).
bool answer_more(BankClients& clients, std::uint64_t more, std::chrono::milliseconds timeout) {
  const auto target = clients.answered() + more;
  return clients.run_until(Clock::now() + timeout, [&] { return clients.answered() >= target; });
}

TEST(RealNetwork, BankHistoryIsLinearizableAcrossKill9OfTheLeaderAndItsRestart) {
  const ScratchDir dir("dslab-lab5-real");
  std::vector<pid_t> pids;
  {
    LocalCluster cluster({.program = DSLAB_NODE_PROGRAM, .replicas = 3, .work_dir = dir.path()});
    cluster.start_all();
    BankClients clients(cluster, {.clients = 3, .accounts = 3, .seed = 5, .retry = 200ms,
                                  .batch_size = 4, .batch_delay = 1000});
    ASSERT_TRUE(answer_more(clients, 30, 20s))
        << "30 operations were not answered within 20 s\n" << describe(cluster, clients);
    const NodeId leader = leader_seen_by(cluster, 1);
    ASSERT_GE(leader, 1) << describe(cluster, clients);
    cluster.kill(leader);
    ASSERT_TRUE(answer_more(clients, 30, 20s))
        << "after kill -9 of the leader n" << leader << ", 30 more operations were not answered "
        << "within 20 s\n" << describe(cluster, clients);
    cluster.start(leader);  // replays its decided log, catches up, and leads again
    ASSERT_TRUE(cluster.wait_for([&] { return leader_seen_by(cluster, leader) == leader; }, 10s))
        << "the restarted n" << leader << " did not see itself lead again\n"
        << describe(cluster, clients);
    ASSERT_TRUE(answer_more(clients, 30, 20s))
        << "after the restart of n" << leader << ", 30 more operations were not answered within "
        << "20 s\n" << describe(cluster, clients);
    EXPECT_EQ(clients.check_linearizable(10s), "") << describe(cluster, clients);
    EXPECT_TRUE(cluster.unexpected_exits().empty()) << describe(cluster, clients);
    pids = cluster.started_pids();
    EXPECT_EQ(pids.size(), 4u);
  }
  expect_all_gone(pids);
}

}  // namespace
