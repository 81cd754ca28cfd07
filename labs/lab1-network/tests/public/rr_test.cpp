// Lab 1 part 3, public: the at-most-once server and the lazy-pirate client, without faults
// beyond what each test scripts by hand.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "labs/lab1-network/tests/common/fixtures.hpp"
#include "labs/lab1-network/tests/common/zmq_peer.hpp"

namespace lab1::tests {
namespace {

constexpr milliseconds kWait{5000};
using RrServer = TcpServerTest;

TEST_F(RrServer, IncrAndGet_FollowTheSpec) {
  start("lab1_rr_server");
  DealerPeer client(listener_.address);
  ASSERT_EQ(client.call("t:1", "INCR a", kWait).value_or("<none>"), "1") << server_->describe();
  EXPECT_EQ(client.call("t:2", "INCR a", kWait).value_or("<none>"), "2");
  EXPECT_EQ(client.call("t:3", "INCR b", kWait).value_or("<none>"), "1");
  EXPECT_EQ(client.call("t:4", "GET a", kWait).value_or("<none>"), "2");
  EXPECT_EQ(client.call("t:5", "GET never", kWait).value_or("<none>"), "0");
  EXPECT_EQ(client.call("t:6", "DELETE a", kWait).value_or("<none>"), "ERR bad request");
  EXPECT_EQ(client.call("t:7", "INCR ", kWait).value_or("<none>"), "ERR bad request");
  EXPECT_EQ(client.call("t:8", "INCR " + std::string(65, 'k'), kWait).value_or("<none>"),
            "ERR bad request");
}

TEST_F(RrServer, RetriedRequestIsNotExecutedTwice) {
  start("lab1_rr_server");
  DealerPeer client(listener_.address);
  ASSERT_EQ(client.call("x:1", "INCR k", kWait).value_or("<none>"), "1") << server_->describe();
  EXPECT_EQ(client.call("x:1", "INCR k", kWait).value_or("<none>"), "1") << "a retry executed again";
  EXPECT_EQ(client.call("x:2", "INCR k", kWait).value_or("<none>"), "2");
  EXPECT_EQ(client.call("x:3", "GET k", kWait).value_or("<none>"), "2");
}

TEST_F(RrServer, SameIdFromTwoConnectionsIsOneExecution) {
  start("lab1_rr_server");
  DealerPeer first(listener_.address);
  DealerPeer second(listener_.address);
  ASSERT_EQ(first.call("y:1", "INCR z", kWait).value_or("<none>"), "1") << server_->describe();
  EXPECT_EQ(second.call("y:1", "INCR z", kWait).value_or("<none>"), "1");
  EXPECT_EQ(second.call("y:2", "GET z", kWait).value_or("<none>"), "1");
}

/// Starts lab1_rr_client bound to a listener the test made; `peer` plays the server.
class RrClient : public TcpServerTest {
 protected:
  void start_client(std::vector<std::string> requests, int tries, int timeout_ms) {
    std::vector<std::string> args{"--fd", "3", "--client-id", "c", "--tries", std::to_string(tries),
                                  "--timeout-ms", std::to_string(timeout_ms)};
    args.insert(args.end(), requests.begin(), requests.end());
    start("lab1_rr_client", args);
    peer_ = std::make_unique<DealerPeer>(listener_.address);
  }
  std::string finish() {
    EXPECT_TRUE(server_->wait(milliseconds(10000)).has_value()) << "client did not finish";
    return server_->final_output(milliseconds(2000));
  }
  std::unique_ptr<DealerPeer> peer_;
};

TEST_F(RrClient, PrintsTheRepliesInOrder) {
  start_client({"INCR a", "GET a"}, 3, 1000);
  for (const char* reply : {"first", "second"}) {
    const auto request = peer_->receive(kWait);
    ASSERT_TRUE(request.has_value()) << server_->describe();
    peer_->send(request->id, reply);
  }
  EXPECT_EQ(finish(), "reply first\nreply second\n");
}

TEST_F(RrClient, RetriesWithTheSameIdAfterALostReply) {
  start_client({"INCR a"}, 3, 300);
  const auto first = peer_->receive(kWait);
  ASSERT_TRUE(first.has_value()) << server_->describe();
  const auto retry = peer_->receive(kWait);  // we "lost" the first: the client must retry
  ASSERT_TRUE(retry.has_value()) << "no retry; " << server_->describe();
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(retry->body, "INCR a");
  peer_->send(retry->id, "7");
  EXPECT_EQ(finish(), "reply 7\n");
}

TEST_F(RrClient, GivesUpAfterTriesAndMovesOn) {
  start_client({"INCR a", "GET a"}, 3, 150);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const auto request = peer_->receive(kWait);
    ASSERT_TRUE(request.has_value()) << "try " << i + 1 << " missing; " << server_->describe();
    ids.push_back(request->id);
  }
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_EQ(ids[1], ids[2]);
  const auto next = peer_->receive(kWait);  // a 4th try would be a new id here
  ASSERT_TRUE(next.has_value()) << server_->describe();
  EXPECT_NE(next->id, ids[0]) << "more than 3 tries";
  EXPECT_EQ(next->body, "GET a");
  peer_->send(next->id, "0");
  EXPECT_EQ(finish(), "gave up\nreply 0\n");
}

TEST_F(RrClient, IgnoresRepliesToOtherIds) {
  start_client({"INCR a"}, 3, 1000);
  const auto request = peer_->receive(kWait);
  ASSERT_TRUE(request.has_value()) << server_->describe();
  peer_->send("someone-else:1", "wrong");
  peer_->send_frames({"garbage"});
  peer_->send(request->id, "right");
  EXPECT_EQ(finish(), "reply right\n");
}

}  // namespace
}  // namespace lab1::tests
