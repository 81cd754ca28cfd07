// The real-network engine end to end with the ping example as node processes on loopback:
// nodes talk, a dead peer blocks no one, malformed and foreign frames sent to a live node are
// dropped and counted while it keeps working, and every started process is gone afterwards.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <zmq.hpp>

#include "runtime/examples/ping/ping.hpp"
#include "runtime/net/frame.hpp"
#include "runtime/net/local_cluster.hpp"

namespace dslab::net {
namespace {

namespace ping = examples::ping;
using namespace std::chrono_literals;

std::filesystem::path work_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dslab-net-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

/// Round trips node `id` completed with `peer` in its current incarnation.
int round_trips(const LocalCluster& cluster, NodeId id, NodeId peer) {
  int n = 0;
  for (const auto& e : cluster.current_events(id)) {
    if (e["event"] == "output" && e["output"]["peer"] == peer) ++n;
  }
  return n;
}

std::string describe(const LocalCluster& cluster) {
  std::string out;
  for (const auto& exit : cluster.unexpected_exits()) out += exit + "\n";
  for (NodeId id : cluster.ids()) out += "n" + std::to_string(id) + " log:\n" + cluster.log_tail(id);
  return out;
}

void expect_all_gone(const LocalCluster& cluster) {
  for (pid_t pid : cluster.started_pids()) {
    EXPECT_TRUE(::kill(pid, 0) != 0 && errno == ESRCH) << "pid " << pid << " still exists";
  }
}

TEST(NodeProcess, ADeadPeerBlocksNobodyAndTheOthersKeepTalking) {
  LocalCluster cluster({.program = DSLAB_NET_PING_NODE, .replicas = 3,
                        .work_dir = work_dir("dead-peer")});
  cluster.start_all();
  ASSERT_TRUE(cluster.wait_for([&] {
    return round_trips(cluster, 1, 2) > 0 && round_trips(cluster, 1, 3) > 0 &&
           round_trips(cluster, 2, 3) > 0;
  }, 20s)) << describe(cluster);
  cluster.kill(3);
  const int before = round_trips(cluster, 1, 2);
  ASSERT_TRUE(cluster.wait_for([&] { return round_trips(cluster, 1, 2) > before + 100; }, 20s))
      << "nodes 1 and 2 stopped talking after node 3 was killed\n" << describe(cluster);
  EXPECT_EQ(cluster.terminate(1, 10s), 0) << describe(cluster);
  EXPECT_EQ(cluster.terminate(2, 10s), 0) << describe(cluster);
  EXPECT_TRUE(cluster.unexpected_exits().empty()) << describe(cluster);
  cluster.stop_all();
  expect_all_gone(cluster);
}

codec::Bytes header_only(std::uint64_t protocol, NodeId sender, std::uint32_t length) {
  codec::Bytes out;
  encode_frame({.protocol = protocol, .sender = sender, .length = length}, {}, out);
  return out;
}

std::uint64_t dropped(const LocalCluster& cluster, NodeId id, const std::string& reason) {
  std::uint64_t n = 0;
  for (const auto& e : cluster.current_events(id)) {
    if (e["event"] == "dropped" && e["reason"] == reason) n = e["count"].get<std::uint64_t>();
  }
  return n;
}

TEST(NodeProcess, GarbageSentToALiveNodeIsDroppedAndCountedAndTheNodeKeepsWorking) {
  LocalCluster cluster({.program = DSLAB_NET_PING_NODE, .replicas = 2,
                        .work_dir = work_dir("garbage")});
  cluster.start_all();
  ASSERT_TRUE(cluster.wait_for([&] { return round_trips(cluster, 1, 2) > 0; }, 20s))
      << describe(cluster);

  const std::uint64_t id = protocol_id<ping::Protocol>();
  codec::Bytes valid, scratch;
  encode_message<ping::Protocol>(2, ping::Protocol::Message{ping::Ping{1}}, valid, scratch);
  zmq::context_t context;
  zmq::socket_t attacker(context, zmq::socket_type::push);
  attacker.set(zmq::sockopt::linger, 1000);
  attacker.connect(cluster.config().connect_endpoint(1));
  auto send = [&](const codec::Bytes& bytes) {
    attacker.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::none);
  };
  for (int i = 0; i < 5; ++i) send(codec::Bytes(static_cast<std::size_t>(4 + i * 20), std::byte{'x'}));
  for (std::size_t cut : {std::size_t{30}, valid.size() - 1, std::size_t{25}}) {
    send(codec::Bytes(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(cut)));
  }
  send(header_only(id + 1, 2, 0));
  send(header_only(id ^ 0xff, 2, 0));
  send(header_only(id, 2, 0xfffffff0u));  // claims 4 GiB
  send(header_only(id, 42, 0));
  const std::vector<std::pair<std::string, std::uint64_t>> expected = {
      {"magic", 5}, {"length", 3}, {"protocol", 2}, {"oversized", 1}, {"sender", 1}};
  ASSERT_TRUE(cluster.wait_for([&] {
    for (const auto& [reason, n] : expected) {
      if (dropped(cluster, 1, reason) != n) return false;
    }
    return true;
  }, 20s)) << "node 1 did not report the expected drops\n" << describe(cluster);
  const int before = round_trips(cluster, 1, 2);
  ASSERT_TRUE(cluster.wait_for([&] { return round_trips(cluster, 1, 2) > before + 100; }, 20s))
      << "node 1 stopped working after the garbage\n" << describe(cluster);
  EXPECT_TRUE(cluster.unexpected_exits().empty()) << describe(cluster);
  EXPECT_EQ(cluster.terminate(1, 10s), 0);
  cluster.stop_all();
  expect_all_gone(cluster);
}

TEST(NodeProcess, BadCommandLinesGetAOneLineErrorAndExitCode2) {
  LocalCluster cluster({.program = DSLAB_NET_PING_NODE, .replicas = 1,
                        .work_dir = work_dir("usage"),
                        .extra_args = {"--bogus"}});
  cluster.start(1);
  ASSERT_TRUE(cluster.wait_for([&] { return !cluster.unexpected_exits().empty(); }, 20s));
  EXPECT_EQ(cluster.unexpected_exits()[0], "n1: exited with code 2");
  const std::string log = cluster.log_tail(1);
  EXPECT_NE(log.find("bogus"), std::string::npos) << log;
  EXPECT_NE(log.find("--help for the options"), std::string::npos) << log;
}

}  // namespace
}  // namespace dslab::net
